#!/usr/bin/env python3
"""Writes a state directory whose ledger holds NIGHTS nights of about PER_NIGHT loaded numbers (default 90 x
555,556: 50 million), for the benchmark row "run against a 50M-number ledger".

The ledger is created and migrated by the binary (`report`), then filled as nightly runs would have left
it: one run, one file and chunks of CHUNK_ROWS numbers per night into campaign Ventas, all accepted, each
chunk's numbers as a sorted blob in `chunk_numbers`, dated 1 to NIGHTS days ago (all outside the default
half-day window, so the benchmark's output is the same as on an empty ledger: the lookup does its whole
walk and every match is turned down by date). The number index is written as one merged segment, as
`NumberIndex.refresh` leaves it (format: docs/DESIGN.md, "Deliver"; `NumberSegment`).

Numbers come from the benchmark generator's four families (generate.py), a third of them from the index
range the 2M-row file itself uses, so the lookup meets real matches.

usage: ledger.py BINARY STATE_DIR [--nights N] [--per-night N] [--chunk-rows N]
(--per-night counts drawn numbers; repeats within a night are dropped, so 567,500 gives ~555,600)
"""
import argparse
import hashlib
import os
import sqlite3
import subprocess
import tempfile
import time

import numpy

CAMPAIGN_BITS = 14
MAGIC = 0x3130_4745_534E_4944  # "DINSEG01"


def numbers(rng, count):
    """`count` E.164 integers from generate.py's families (UY mobile, UY landline, AR mobile, ES mobile)."""
    kinds = rng.choice(4, size=count, p=[0.4, 0.2, 0.2, 0.2])
    near = rng.random(count) < 1 / 3  # within the indexes the benchmark file uses
    out = numpy.empty(count, dtype=numpy.uint64)
    spaces = [9_000_000, 10_000_000, 100_000_000, 100_000_000]
    multipliers = [7_919, 104_729, 1_000_003, 999_983]
    used = [800_000, 400_000, 400_000, 400_000]  # about what 2M rows use of each family
    for kind in range(4):
        mask = kinds == kind
        size = int(mask.sum())
        index = numpy.where(near[mask], rng.integers(0, used[kind], size), rng.integers(0, spaces[kind], size))
        n = (index.astype(numpy.int64) * multipliers[kind] + 12345) % spaces[kind]
        if kind == 0:  # 598 9D DDDDDD
            national = 90_000_000 + (1 + n // 1_000_000) * 1_000_000 + n % 1_000_000
            out[mask] = (598 * 10**8 + national).astype(numpy.uint64)
        elif kind == 1:  # 598 2DDDDDDD
            out[mask] = (598 * 10**8 + 20_000_000 + n).astype(numpy.uint64)
        elif kind == 2:  # 54 9 11 DDDDDDDD
            out[mask] = (54_911 * 10**8 + n).astype(numpy.uint64)
        else:  # 34 6DDDDDDDD
            out[mask] = (34 * 10**9 + 600_000_000 + n).astype(numpy.uint64)
    return out


def main():
    options = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    options.add_argument("binary")
    options.add_argument("state")
    options.add_argument("--nights", type=int, default=90)
    options.add_argument("--per-night", type=int, default=567_500)
    options.add_argument("--chunk-rows", type=int, default=50_000)
    args = options.parse_args()

    os.makedirs(args.state, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", suffix=".yaml") as config:
        config.write("state_dir: %s\ncampaign: Ventas\n" % args.state)
        config.flush()
        subprocess.run([args.binary, "report", "-c", config.name], check=True, stdout=subprocess.DEVNULL)

    rng = numpy.random.default_rng(20261205)
    database = sqlite3.connect(os.path.join(args.state, "ledger.sqlite"))
    database.execute("INSERT OR IGNORE INTO campaign_ids (id, name) VALUES (1, 'Ventas')")
    now = int(time.time())
    keys, values = [], []
    for night in range(args.nights):
        at = now - (args.nights - night) * 86_400
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(at))
        run = database.execute("INSERT INTO runs (started_at, finished_at, exit_code, files, rows_accepted) "
                               "VALUES (?, ?, 0, 1, ?)", (stamp, stamp, args.per_night)).lastrowid
        sha = hashlib.sha256(b"night %d" % night).hexdigest()
        database.execute("INSERT INTO files VALUES (?, ?, ?, 'ok', ?, ?, 0, ?)",
                         (run, sha, "/srv/leads/night-%03d.csv" % night, args.per_night, args.per_night, stamp))
        loaded = numpy.unique(numbers(rng, args.per_night))
        for start in range(0, len(loaded), args.chunk_rows):
            chunk = loaded[start:start + args.chunk_rows]
            key = hashlib.sha256(b"%s %d" % (sha.encode(), start)).hexdigest()
            name = "night-%03d.%s.Ventas.%04d.txt" % (night, sha[:8], start // args.chunk_rows + 1)
            database.execute(
                "INSERT INTO chunks (key, filename, file_sha256, campaign, timezone, endpoint, rows, bytes, status, "
                "attempts, detail, run_id, updated_at) VALUES (?, ?, ?, 'Ventas', NULL, 'uploadbase', ?, ?, "
                "'accepted', 1, NULL, ?, ?)", (key, name, sha, len(chunk), 60 * len(chunk), run, stamp))
            rowid = database.execute(
                "INSERT INTO chunk_numbers (chunk_key, campaign, count, numbers, at) VALUES (?, 'Ventas', ?, ?, ?)",
                (key, len(chunk), chunk.astype("<u8").tobytes(), at)).lastrowid
            keys.append((chunk << numpy.uint64(CAMPAIGN_BITS)) | numpy.uint64(1))
            values.append(numpy.full(len(chunk), (at << 32) | rowid, dtype=numpy.uint64))
    through = rowid
    database.commit()

    keys = numpy.concatenate(keys)
    values = numpy.concatenate(values)
    order = numpy.lexsort((values, keys))
    entries = numpy.empty(2 * len(keys), dtype="<u8")
    entries[0::2] = keys[order]
    entries[1::2] = values[order]
    del keys, values, order
    folder = os.path.join(args.state, "numbers")
    os.makedirs(folder, exist_ok=True)
    name = "segment-%d.bin" % through
    with open(os.path.join(folder, name), "wb") as segment:
        segment.write(numpy.array([MAGIC, len(entries) // 2], dtype="<u8").tobytes())
        segment.write(entries.tobytes())
    database.execute("DELETE FROM number_segments")
    database.execute("INSERT INTO number_segments (file, entries, through) VALUES (?, ?, ?)",
                     (name, len(entries) // 2, through))
    database.commit()
    database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    print("%s: %d loads in %d chunks over %d nights" % (args.state, len(entries) // 2, through, args.nights))


if __name__ == "__main__":
    main()
