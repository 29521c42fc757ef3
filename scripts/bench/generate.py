#!/usr/bin/env python3
"""Writes a deterministic lead list for the benchmark: ROWS rows, 8 columns, about 100 bytes a row.

Columns: id, nombre and apellido (accented), direccion (quoted, with commas), telefono (messy shapes:
about 5 % invalid and 2 % repeats of an earlier number in another shape), telefono_alt (half empty),
prioridad (mostly empty), email. Numbers are unique by construction (a permutation per number kind),
so the only duplicates are the planted ones, at any size.

usage: generate.py ROWS OUTPUT.csv
"""
import random
import sys

NOMBRES = ["José", "María", "Ángela", "Joaquín", "Sofía", "Martín", "Lucía", "Agustín", "Valentina",
           "Mateo", "Camila", "Nicolás", "Inés", "Ramón", "Begoña", "Željko", "Zoë", "Hernán"]
APELLIDOS = ["Pérez", "González", "Rodríguez", "Fernández", "López", "Martínez", "García", "Sánchez",
             "Núñez", "Muñoz", "Díaz", "Gómez", "Álvarez", "Ibáñez", "Peña", "Suárez"]
CALLES = ["Av. 18 de Julio", "Bv. Artigas", "Rambla República de Chile", "Calle Colonia",
          "Av. Italia", "Camino Carrasco", "Río Negro", "Ejido"]
CIUDADES = ["Montevideo", "Salto", "Paysandú", "Maldonado", "Canelones", "Rivera"]
INVALID = ["12345", "099 123", "\"9,83E+07\"", "n/a", "", "0000", "1-800-FLOWERS-X", "+598 99"]


def permuted(index, space, multiplier):
    return (index * multiplier + 12345) % space


def number(kind, index, shape):
    """A valid number of `kind`, the index-th of its kind, written in one of several shapes."""
    if kind == 0:  # UY mobile 09X XXX XXX, X in 1..9
        n = permuted(index, 9_000_000, 7_919)
        d = "9%d%06d" % (1 + n // 1_000_000, n % 1_000_000)
        shapes = ["0%s %s %s" % (d[:2], d[2:5], d[5:]), "0" + d, "+598 %s %s %s" % (d[:2], d[2:5], d[5:]),
                  "(0%s) %s-%s" % (d[:2], d[2:5], d[5:]), d, "598" + d]
    elif kind == 1:  # UY Montevideo landline 2XXX XXXX
        n = permuted(index, 10_000_000, 104_729)
        d = "2%07d" % n
        shapes = ["%s %s" % (d[:4], d[4:]), d, "+598 %s %s" % (d[:4], d[4:]), "(%s) %s" % (d[:4], d[4:]),
                  "2-%s-%s" % (d[1:4], d[4:]), d]
    elif kind == 2:  # AR Buenos Aires mobile +54 9 11 XXXX XXXX
        n = permuted(index, 100_000_000, 1_000_003)
        d = "%08d" % n
        shapes = ["+54 9 11 %s-%s" % (d[:4], d[4:]), "+54911%s" % d, "+54 9 11 %s %s" % (d[:4], d[4:]),
                  "0054 9 11 %s %s" % (d[:4], d[4:]), "+54 (9 11) %s-%s" % (d[:4], d[4:]), "+54911" + d]
    else:  # ES mobile 6XX XXX XXX
        n = permuted(index, 100_000_000, 999_983)
        d = "6%08d" % n
        shapes = ["+34 %s %s %s" % (d[:3], d[3:6], d[6:]), "+34" + d, "0034 %s" % d,
                  "+34 %s-%s-%s" % (d[:3], d[3:6], d[6:]), "+34 (%s) %s" % (d[:3], d[3:]), "+34 " + d]
    return shapes[shape % len(shapes)]


def main():
    rows, path = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(20261125)
    counters = [0, 0, 0, 0]
    recent = []  # (kind, index) of earlier valid numbers, for the planted duplicates
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write("id,nombre,apellido,direccion,telefono,telefono_alt,prioridad,email\r\n")
        lines = []
        for row in range(1, rows + 1):
            roll = rng.random()
            if roll < 0.05:
                phone = INVALID[rng.randrange(len(INVALID))]
            elif roll < 0.07 and recent:
                kind, index = recent[rng.randrange(len(recent))]
                phone = number(kind, index, rng.randrange(6))
            else:
                kind = (0, 0, 0, 1, 1, 2, 2, 3, 3, 0)[row % 10]
                index = counters[kind]
                counters[kind] += 1
                phone = number(kind, index, rng.randrange(6))
                if len(recent) < 4096:
                    recent.append((kind, index))
                else:
                    recent[rng.randrange(4096)] = (kind, index)
            alt = ""
            if rng.random() < 0.5:
                kind = 3 if rng.random() < 0.5 else 2
                alt = number(kind, 50_000_000 + row, rng.randrange(6))
            prio = str(rng.randrange(2, 100)) if rng.random() < 0.3 else ""
            nombre = NOMBRES[rng.randrange(len(NOMBRES))]
            apellido = APELLIDOS[rng.randrange(len(APELLIDOS))]
            calle = CALLES[rng.randrange(len(CALLES))]
            direccion = '"%s %d, apto %d, %s"' % (calle, rng.randrange(1, 4000), rng.randrange(1, 40),
                                                   CIUDADES[rng.randrange(len(CIUDADES))])
            lines.append("%d,%s,%s,%s,%s,%s,%s,cliente%d@example.com\r\n"
                         % (row, nombre, apellido, direccion, phone, alt, prio, row))
            if len(lines) == 10_000:
                out.write("".join(lines))
                lines.clear()
        out.write("".join(lines))


if __name__ == "__main__":
    main()
