#!/usr/bin/env python3
"""Writes the .xlsx fixtures in fixtures/xlsx/ and their CSV twins (committed; rerun only to change them).

The good workbooks are written by LibreOffice (`libreoffice --headless --convert-to xlsx`, from a flat
ODS this script writes with typed cells and number formats), one more by XlsxWriter in constant-memory
mode (the only common writer that stores inline strings). Each has a CSV twin: the same data as a
correct CSV, which the tests feed to the CSV path and compare line by line with the workbook's output.
The bad workbooks are broken on purpose. Needs: libreoffice-calc (Debian), pip xlsxwriter msoffcrypto-tool.
"""
import csv
import io
import os
import shutil
import struct
import subprocess
import tempfile
import zipfile
from datetime import date
from xml.sax.saxutils import escape

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "xlsx")

HEADER = ["Nombre", "Telefono", "Celular", "Alta", "Activo", "Monto", "Notas"]
# (row number, cells); a cell is None (absent), ("s", text), ("pad", int) for a 000000000-formatted
# number, ("n", number), ("d", date), ("b", bool). Row numbers leave gaps: sparse rows.
LEADS = [
    (2, [("s", "Ana Pérez"), ("pad", 98344484), ("n", 59899123456), ("d", date(2026, 1, 5)), ("b", True),
         ("n", 1234.5), ("s", "cliente, VIP")]),
    (3, [("s", 'Bruno "Tito" Díaz'), ("pad", 91234567), None, ("d", date(2025, 12, 31)), ("b", False),
         ("n", 0.25), ("s", "a;b:c=d")]),
    (5, [("s", "Carla"), ("s", "099 765 432"), ("n", 59894555666), ("d", date(1999, 2, 28)), ("b", True),
         ("n", -3), None]),
    (6, [None, ("pad", 92223334), None, None, None, None, ("s", "solo notas")]),
    (7, [("s", "Diego"), ("n", 123), None, ("d", date(2000, 2, 29)), None, None, None]),
    (8, [("s", "Eva"), ("pad", 98344484), None, ("d", date(1900, 3, 1)), None, ("n", 100000), None]),
    (10, [("s", "Zoe ñandú 漢字"), ("pad", 97778889), ("n", 59891234567), ("d", date(2026, 11, 25)),
          ("b", False), ("n", 0.001), ("s", "línea 1\nlínea 2")]),  # last: its line break shifts no CSV line
]
OTRA_HEADER = ["Nombre", "Telefono"]
OTRA = [
    (2, [("s", "Gabi"), ("n", 91112223)]),
    (3, [("s", "Hugo"), ("n", 12345678901234567)]),  # 17 digits: Excel keeps 15
    (4, [("s", "Ines"), ("n", 93334445)]),
]


def text_of(cell):
    """The cell as a correct CSV export shows it."""
    if cell is None:
        return ""
    kind, value = cell
    if kind == "s":
        return value
    if kind == "pad":
        return "%09d" % value
    if kind == "d":
        return value.isoformat()
    if kind == "b":
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return repr(value).rstrip("0").rstrip(".") if "e" not in repr(value) else "%f" % value
    return str(value)


def twin(header, rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    last = 1
    for number, cells in rows:
        for _ in range(last + 1, number):
            writer.writerow([""] * len(header))
        writer.writerow([text_of(c) for c in cells])
        last = number
    return out.getvalue().encode("utf-8")


def fods_cell(cell):
    if cell is None:
        return "<table:table-cell/>"
    kind, value = cell
    if kind == "s":
        paragraphs = "".join("<text:p>%s</text:p>" % escape(line) for line in value.split("\n"))
        return '<table:table-cell office:value-type="string">%s</table:table-cell>' % paragraphs
    if kind == "pad":
        return '<table:table-cell table:style-name="cePad" office:value-type="float" office:value="%d"/>' % value
    if kind == "d":
        return ('<table:table-cell table:style-name="ceDate" office:value-type="date" office:date-value="%s"/>'
                % value.isoformat())
    if kind == "b":
        return ('<table:table-cell table:style-name="ceBool" office:value-type="boolean" office:boolean-value="%s"/>'
                % ("true" if value else "false"))
    return '<table:table-cell office:value-type="float" office:value="%r"/>' % value


def fods_table(name, header, rows):
    out = ['<table:table table:name="%s">' % name, "<table:table-row>"]
    out += [fods_cell(("s", h)) for h in header]
    out.append("</table:table-row>")
    last = 1
    for number, cells in rows:
        if number > last + 1:
            out.append('<table:table-row table:number-rows-repeated="%d"><table:table-cell/></table:table-row>'
                       % (number - last - 1))
        out.append("<table:table-row>" + "".join(fods_cell(c) for c in cells) + "</table:table-row>")
        last = number
    out.append("</table:table>")
    return "\n".join(out)


def fods(null_date):
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>
 <number:number-style style:name="NPad"><number:number number:decimal-places="0" number:min-integer-digits="9"/></number:number-style>
 <number:date-style style:name="NDate"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/></number:date-style>
 <number:boolean-style style:name="NBool"><number:boolean/></number:boolean-style>
 <style:style style:name="ceBool" style:family="table-cell" style:data-style-name="NBool"/>
 <style:style style:name="cePad" style:family="table-cell" style:data-style-name="NPad"/>
 <style:style style:name="ceDate" style:family="table-cell" style:data-style-name="NDate"/>
</office:automatic-styles>
<office:body><office:spreadsheet>
<table:calculation-settings><table:null-date table:date-value="{null_date}"/></table:calculation-settings>
{fods_table("Leads", HEADER, LEADS)}
{fods_table("Otra", OTRA_HEADER, OTRA)}
</office:spreadsheet></office:body></office:document>
"""


def libreoffice(fods_text, name, work, fmt="xlsx"):
    source = os.path.join(work, name + ".fods")
    with open(source, "w", encoding="utf-8") as f:
        f.write(fods_text)
    subprocess.run(["libreoffice", "--headless", "--convert-to", fmt, "--outdir", work, source], check=True,
                   stdout=subprocess.DEVNULL)
    return os.path.join(work, name + "." + fmt)


def xlsxwriter_inline(path):
    import xlsxwriter

    book = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = book.add_worksheet("Leads")
    pad = book.add_format({"num_format": "000000000"})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, HEADER)
    for number, cells in LEADS:
        for column, cell in enumerate(cells):
            if cell is None:
                continue
            kind, value = cell
            if kind == "s":
                sheet.write_string(number - 1, column, value)
            elif kind == "pad":
                sheet.write_number(number - 1, column, value, pad)
            elif kind == "d":
                sheet.write_datetime(number - 1, column, value, day)
            elif kind == "b":
                sheet.write_boolean(number - 1, column, value)
            else:
                sheet.write_number(number - 1, column, value)
    book.close()


def rezip(source, target, replace=None, drop=()):
    """Copies a workbook, replacing or dropping parts (for the broken fixtures)."""
    replace = replace or {}
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            if item.filename in drop:
                continue
            data = replace.get(item.filename, old.read(item.filename))
            new.writestr(item.filename, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)


def lie(path, name, size):
    """Rewrites the uncompressed size of entry `name` in its local header and central directory record."""
    with open(path, "rb") as f:
        data = bytearray(f.read())
    encoded = name.encode()
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(name)
    local = info.header_offset
    assert data[local + 30:local + 30 + len(encoded)] == encoded
    data[local + 22:local + 26] = struct.pack("<I", size)
    index = data.find(b"PK\x01\x02")
    while index >= 0:
        name_length = struct.unpack_from("<H", data, index + 28)[0]
        if data[index + 46:index + 46 + name_length] == encoded:
            data[index + 24:index + 28] = struct.pack("<I", size)
        index = data.find(b"PK\x01\x02", index + 46)
    with open(path, "wb") as f:
        f.write(data)


def main():
    os.makedirs(os.path.join(HERE, "bad"), exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        shutil.copy(libreoffice(fods("1899-12-30"), "leads", work), os.path.join(HERE, "leads.xlsx"))
        shutil.copy(libreoffice(fods("1904-01-01"), "leads-1904", work), os.path.join(HERE, "leads-1904.xlsx"))
        shutil.copy(libreoffice(fods("1899-12-30"), "old", work, "xls"), os.path.join(HERE, "bad", "old.xls"))
    xlsxwriter_inline(os.path.join(HERE, "leads-inline.xlsx"))
    with open(os.path.join(HERE, "leads.csv"), "wb") as f:
        f.write(twin(HEADER, LEADS))
    with open(os.path.join(HERE, "otra.csv"), "wb") as f:
        f.write(twin(OTRA_HEADER, [(n, [c if c != ("n", 12345678901234567) else ("s", "12345678901234567")
                                        for c in cells]) for n, cells in OTRA]))

    good = os.path.join(HERE, "leads.xlsx")
    bad = os.path.join(HERE, "bad")
    with open(os.path.join(bad, "not-a-zip.xlsx"), "wb") as f:
        f.write(b"Nombre,Telefono\nAna,098344484\n")
    with zipfile.ZipFile(os.path.join(bad, "no-workbook.xlsx"), "w") as z:
        z.writestr("readme.txt", "a zip archive, but not a workbook\n")
    with zipfile.ZipFile(good) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    rezip(good, os.path.join(bad, "malformed-xml.xlsx"), {"xl/worksheets/sheet1.xml": sheet[: len(sheet) // 2]})
    # 60 MB of XML whitespace deflates about 1000:1: a workbook that would blow up memory if trusted.
    bomb = sheet.replace(b"<sheetData>", b"<sheetData>" + b" " * (60 << 20), 1)
    rezip(good, os.path.join(bad, "zip-bomb.xlsx"), {"xl/worksheets/sheet1.xml": bomb})
    # A header that lies: the sheet declares 100 bytes and inflates to thousands (caught while inflating).
    rezip(good, os.path.join(bad, "lying-size.xlsx"))
    lie(os.path.join(bad, "lying-size.xlsx"), "xl/worksheets/sheet1.xml", 100)
    # One digit changed after the CRC was computed (the sheet stored uncompressed): valid XML, wrong data.
    with zipfile.ZipFile(good) as old, zipfile.ZipFile(os.path.join(bad, "bad-crc.xlsx"), "w") as new:
        for item in old.infolist():
            stored = item.filename == "xl/worksheets/sheet1.xml"
            new.writestr(item.filename, old.read(item.filename),
                         compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
    with open(os.path.join(bad, "bad-crc.xlsx"), "r+b") as f:
        data = f.read()
        at = data.index(b"<v>98344484</v>") + 10
        f.seek(at)
        f.write(b"5")
    import msoffcrypto.format.ooxml

    with open(good, "rb") as plain, open(os.path.join(bad, "encrypted.xlsx"), "wb") as locked:
        msoffcrypto.format.ooxml.OOXMLFile(plain).encrypt("secret", locked)


if __name__ == "__main__":
    main()
