#!/usr/bin/env python3
"""Throughput and peak memory of the .xlsx reader on a generated 500,000-row sheet (not run in CI).

Writes the sheet twice: with inline strings (XlsxWriter, constant-memory mode) and with a shared-string
table (openpyxl, write-only mode), plus the same data as CSV; runs `dialer-ingest validate` on each and
prints rows/s and peak RSS. Usage: scripts/xlsx-bench.py [--rows N] [--binary .build/release/dialer-ingest]
Needs: pip xlsxwriter openpyxl.
"""
import argparse
import csv
import os
import random
import subprocess
import tempfile
import time
import zipfile
from datetime import date, timedelta


def rows(count):
    rng = random.Random(7)
    start = date(2020, 1, 1)
    for index in range(count):
        yield [
            "Cliente %d %s" % (index, rng.choice(["Pérez", "Díaz", "Suárez", "Núñez"])),
            91_000_000 + index * 7919 % 8_999_999,  # unique; shown as 09XXXXXXX through a 000000000 format
            start + timedelta(days=index % 2000),
            index % 3 == 0,
            round(rng.random() * 10_000, 2),
        ]


HEADER = ["Nombre", "Telefono", "Alta", "Activo", "Monto"]


def write_inline(path, count):
    import xlsxwriter

    book = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = book.add_worksheet("Leads")
    pad = book.add_format({"num_format": "000000000"})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, HEADER)
    for r, (name, phone, alta, activo, monto) in enumerate(rows(count), start=1):
        sheet.write_string(r, 0, name)
        sheet.write_number(r, 1, phone, pad)
        sheet.write_datetime(r, 2, alta, day)
        sheet.write_boolean(r, 3, activo)
        sheet.write_number(r, 4, monto)
    book.close()


def write_shared(path, count):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Leads")
    sheet.append(HEADER)
    for name, phone, alta, activo, monto in rows(count):
        cell_phone = WriteOnlyCell(sheet, value=phone)
        cell_phone.number_format = "000000000"
        cell_date = WriteOnlyCell(sheet, value=alta)
        cell_date.number_format = "yyyy-mm-dd"
        sheet.append([name, cell_phone, cell_date, activo, monto])
    book.save(path)


def write_csv(path, count):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        for name, phone, alta, activo, monto in rows(count):
            writer.writerow([name, "%09d" % phone, alta.isoformat(), "TRUE" if activo else "FALSE", monto])


def measure(binary, config, path, count, work):
    out = os.path.join(work, "out-" + os.path.basename(path))
    started = time.monotonic()
    with open(os.path.join(work, "stderr.txt"), "w+") as err:
        process = subprocess.Popen([binary, "validate", "-c", config, "--output-dir", out, path], stderr=err)
        _, status, usage = os.wait4(process.pid, 0)  # this child's own peak RSS
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - started
        err.seek(0)
        summary = err.readline().strip()
    size = os.path.getsize(path) / 1e6
    if path.endswith(".xlsx"):
        with zipfile.ZipFile(path) as z:
            ratio = max(i.file_size / max(i.compress_size, 1) for i in z.infolist())
        summary += "  (largest entry ratio %.0f:1)" % ratio
    print("%-12s %6.1f MB  %6.1f s  %8.0f rows/s  peak RSS %5.0f MB  exit %d\n    %s"
          % (os.path.basename(path), size, seconds, count / seconds, usage.ru_maxrss / 1024, process.returncode,
             summary))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=500_000)
    parser.add_argument("--binary", default=".build/release/dialer-ingest")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        config = os.path.join(work, "config.yaml")
        with open(config, "w") as f:
            f.write("campaign: Bench->\nphone:\n  default_region: UY\nupload:\n  chunk_rows: 50000\n")
        files = []
        for name, writer in [("sheet.csv", write_csv), ("inline.xlsx", write_inline), ("shared.xlsx", write_shared)]:
            path = os.path.join(work, name)
            writer(path, args.rows)
            files.append(path)
        for path in files:
            measure(args.binary, config, path, args.rows, work)


if __name__ == "__main__":
    main()
