#!/usr/bin/env python3
"""Writes the sample lead files in fixtures/ (committed; rerun only to change them).

Each file imitates what a data team really exports; the bad ones are broken on purpose.
Outputs are byte-for-byte deterministic (gzip mtime 0)."""
import gzip
import io
import os
import random

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures")


def write(name, data):
    path = os.path.join(HERE, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def gz(data):
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0, filename="") as f:
        f.write(data)
    return out.getvalue()


# Excel "CSV (separado por comas)" in a Spanish locale: Windows-1252, ';', CRLF, leading zeros
# eaten by Excel, a number in scientific notation, an empty trailing row, a bad priority.
excel_es = "\r\n".join([
    "Nombre;Apellido;Teléfono;Celular;Ciudad;Prioridad",
    "José;Pérez;98344484;099124484;Montevideo;5",                # Excel ate the leading zero
    "María;Núñez;24001234;;Peñarol;",
    "Ana;Gómez;9,83E+07;094555666;Salto;10",                     # scientific notation: digits lost
    "Raúl;Díaz;098344484;;Paysandú;3",                           # duplicate of José's number
    "Lucía;Fernández;(094) 555-666;098344484;Colonia;20000",     # priority out of range
    "Martín;Suárez;+598 99 111 111;099 111 111;Rivera;2",        # alternative = main number
    "Sofía;Ibáñez;12345;091234567;Rocha;7",                      # invalid main number
    "Tomás;O'Neil;2 400 1234;abc;Treinta y Tres;9999",           # duplicate landline
    "Valentina;Muñoz;;099124484;Minas;4",                        # no number
    "Andrés;Olivera;00598 97 123 456;;Florida;",
    "Camila;Sosa;4722 1234;099 555 000;Tacuarembó;8",
    "Diego;Rodríguez;0598 42 22 33 33;;Maldonado;",
    "Elena;Acosta;093 456 789;(093) 456789;Durazno;12",          # alternative = main, written otherwise
    "Fabián;Cabrera;092.111.222;;Artigas;",
    "Gabriela;Pereira;091-876-543;+598 2 915 0000;Mercedes;6",
    ";;;;;",
    "",
]).encode("cp1252")
write("excel-es-cp1252.csv", excel_es)

# Excel "CSV UTF-8": BOM, ',', quoted cells with commas, line breaks and reserved characters.
utf8_bom = "\ufeff" + "\n".join([
    "Full Name,Phone,Mobile,Notes,Agent Phone",
    '"Smith, John",+598 98 765 432,,"Prefers mornings; call after 9:00",1001',
    '"Ana ""La Jefa"" Silva",00598 2908 1234,+598 94 765 432,"Line one',
    'line two = more",',
    'Bruno Costa,(097) 765-432,,"a\ttab",10x1',
    "Carla Díaz,091 765 432,096765432,,",
    "",
]) 
write("csv-utf8-bom.csv", utf8_bom.encode("utf-8"))

# A nightly export compressed as two gzip members (e.g. `cat a.gz b.gz`).
rng = random.Random(7)
rows = ["id|nombre|telefono|movil"]
for i in range(1, 61):
    rows.append(f"{i}|Cliente {i}|09{rng.randint(1, 9)}{rng.randint(100000, 999999)}|2{rng.randint(1000000, 9999999)}")
first = ("\n".join(rows[:31]) + "\n").encode()
second = ("\n".join(rows[31:]) + "\n").encode()
write("nightly-multimember.csv.gz", gz(first) + gz(second))

# Rows routed to several campaigns and time zones by their own columns.
campaigns = "\n".join([
    "campaign,timezone,telefono,nombre",
    "Ventas->,America/Montevideo,098 200 300,Ana",
    "Cobranza->,America/Montevideo,098200300,Ana",   # same number, other campaign: not a duplicate
    "Ventas->,America/Argentina/Buenos_Aires,+54 9 11 2345-6789,Beto",
    "Ventas->,Mars/Olympus,099 200 300,Carla",        # not a zone
    ",,094 200 300,Dora",                             # falls back to the config's campaign
    "Cobranza->,America/Montevideo,2200 3000,Eva",
    "Cobranza->,America/Montevideo,098-200-300,Ana",  # duplicate within Cobranza
    "",
])
write("campaigns.csv", campaigns.encode())

# Excel "Unicode text": UTF-16LE with BOM, tab-separated, CRLF.
unicode_text = "\r\n".join([
    "Nombre\tTeléfono\tCiudad",
    "Renée\t098 300 400\tMontevideo",
    "Zoë\t099300400\tCanelones",
    "",
])
write("excel-unicode-utf16.txt", b"\xff\xfe" + unicode_text.encode("utf-16-le"))

# Broken on purpose.
good = ("telefono,nombre\n" + "".join(f"09{8000000 + i},N{i}\n" for i in range(2000))).encode()
write("bad/truncated.csv.gz", gz(good)[:-200])
write("bad/unterminated-quote.csv", b'telefono,nota\n098344484,"starts here\n099124484,never closed\n')
junk = random.Random(3)
write("bad/binary-junk.csv", bytes(junk.randrange(256) for _ in range(4096)))
write("bad/empty.csv", b"")
write("bad/header-only.csv", b"telefono;nombre\r\n")
# The hardening corpus (issue 7); the big cases (200 MB line, 10^6 quotes, gzip bomb) are made by the tests.
write("bad/bom-only.csv", b"\xef\xbb\xbf")
write("bad/empty.csv.gz", b"")
write("bad/nul-bytes.csv", b"telefono,nombre\n098344484,Ana\n0983\x0044485,B\x00b\n")
write("bad/invalid-utf8-middle.csv",
      "telefono,nombre\n098344484,José\n".encode() + b"098344485,Jos\xe9 \xff\n" + "098344486,Zoë\n".encode())
write("bad/lone-cr.csv", b"telefono,nombre\n098344484,Ana\rabc,Bo\n098344486,Cy\n")
write("bad/mixed-delimiters.csv", b"telefono;nombre;ciudad\n098344484;Ana;Montevideo\nBo,098344485,Salto\n"
      b"098344486;Cy;Rivera\n098344487;Di;Paysandu\n")
write("bad/more-fields-than-header.csv", b"telefono,nombre\n098344484,Ana\n098344485,Bo,extra,cells\n098344486,Cy,,\n")
write("bad/duplicate-header.csv", b"Telefono;Nombre;Telefono\n098344484;Ana;099111222\n098344485;Bo;099111223\n")
