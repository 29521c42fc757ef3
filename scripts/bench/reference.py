#!/usr/bin/env python3
"""The Python script a data team would write for the benchmark's job: csv + phonenumbers + base64.

Reads the generated lead list, applies the same rules as bench.yaml (numbers as dialled from UY, national digits for its own,
alternatives, priority 2..9999, duplicates per campaign, sanitised vars), builds the dialer lines,
and base64-encodes them in chunks of 50,000 lines as the upload would.

usage: reference.py INPUT.csv [--rows N] [--lines OUT.txt]
  --rows N     stop after N data rows (the benchmark times a slice: the full file takes minutes)
  --lines OUT  also write the decoded lines (to check them against dialer-ingest's)
"""
import argparse
import base64
import csv
import re

import phonenumbers
from phonenumbers import PhoneNumberFormat

SCIENTIFIC = re.compile(r"^\s*\d+([.,]\d+)?[eE][+-]?\d+\s*$")
RESERVED = re.compile(r"[;:=\x00-\x1f\x7f]")
SPACES = re.compile(r" +")


def sanitize(value):
    return SPACES.sub(" ", RESERVED.sub(" ", value)).strip()


def parse(raw):
    """(e164, national digits) of a valid number, else None."""
    if not raw.strip() or SCIENTIFIC.match(raw):
        return None
    try:
        number = phonenumbers.parse(raw, "UY")
    except phonenumbers.NumberParseException:
        return None
    number.extension = None
    if not phonenumbers.is_valid_number(number):
        return None
    # What one dials from UY: national digits for UY numbers, 00 + calling code for foreign ones.
    national = re.sub(r"[^\d+]", "", phonenumbers.format_out_of_country_calling_number(number, "UY"))
    return phonenumbers.format_number(number, PhoneNumberFormat.E164), national


def main():
    options = argparse.ArgumentParser()
    options.add_argument("input")
    options.add_argument("--rows", type=int, default=0)
    options.add_argument("--lines")
    args = options.parse_args()
    seen = set()
    chunk = []
    encoded = 0
    accepted = rejected = 0
    lines_out = open(args.lines, "w", encoding="utf-8", newline="") if args.lines else None

    def flush():
        nonlocal encoded
        data = "".join(chunk).encode("utf-8")
        encoded += len(base64.b64encode(data))
        if lines_out:
            lines_out.write("".join(chunk))
        chunk.clear()

    with open(args.input, encoding="utf-8", newline="") as source:
        reader = csv.reader(source)
        header = next(reader)
        col = {name: index for index, name in enumerate(header)}
        for count, row in enumerate(reader, 1):
            if args.rows and count > args.rows:
                break
            if len(row) > len(header) and any(cell.strip() for cell in row[len(header):]):
                rejected += 1
                continue
            row += [""] * (len(header) - len(row))
            main_number = parse(row[col["telefono"]])
            if main_number is None:
                rejected += 1
                continue
            priority = row[col["prioridad"]].strip()
            if priority and not (priority.isdigit() and 2 <= int(priority) <= 9999):
                rejected += 1
                continue
            if main_number[0] in seen:
                rejected += 1
                continue
            seen.add(main_number[0])
            alternatives = []
            keys = {main_number[0]}
            alternative = parse(row[col["telefono_alt"]])
            if alternative and alternative[0] not in keys:
                keys.add(alternative[0])
                alternatives.append(alternative[1])
            variables = ":".join("%s=%s" % (name, sanitize(row[col[name]]))
                                 for name in ("nombre", "apellido", "direccion", "email"))
            chunk.append("Ventas;%s;%s;%s;%s;\n" % (main_number[1], variables, ":".join(alternatives),
                                                   str(int(priority)) if priority else ""))
            accepted += 1
            if len(chunk) == 50_000:
                flush()
    flush()
    print("accepted %d rejected %d base64 bytes %d" % (accepted, rejected, encoded))


if __name__ == "__main__":
    main()
