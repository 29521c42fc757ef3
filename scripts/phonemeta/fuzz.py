#!/usr/bin/env python3
"""Throwaway agreement check beyond the committed corpus: every region, adversarial text.

    python3 scripts/phonemeta/fuzz.py /tmp/fuzz.tsv [count]
    swift run --scratch-path .build-phone phone-bench --corpus /tmp/fuzz.tsv /tmp/timezones.tsv

Rows have the corpus.tsv layout (see corpus.py); the seed changes per run unless FUZZ_SEED is set.
"""

import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import corpus  # noqa: E402
from phonenumbers.phonenumberutil import SUPPORTED_REGIONS  # noqa: E402

ALPHABET = (list("0123456789") * 6 + list("+ -().#;,x/*~") * 2 + list("abcdeintxABCDEINTX") +
            ["\u00a0", "\uff11", "\uff0b", "\u2013", "ext", "ext.", " ext ", ";ext=", ",,", "anexo", "\u0434\u043e\u0431",
             "tel:", ";phone-context=", "\u00f3", "e", "E+0", "0", "00", "011", "15", "9", "1800"])


def random_text(rng):
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 24)))


def main():
    path = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
    seed = int(os.environ.get("FUZZ_SEED", random.randrange(1 << 30)))
    print("seed", seed)
    rng = random.Random(seed)
    regions = sorted(SUPPORTED_REGIONS)
    samplers = {}
    rows = []
    tz_sets = {}
    for _ in range(count):
        region = rng.choice(regions)
        r = rng.random()
        if r < 0.6:
            if region not in samplers:
                samplers[region] = corpus.Sampler(region, rng)
            s = samplers[region]
            nsn = s.valid_like() if rng.random() < 0.7 else s.invalid_like()
            text, parse_region = corpus.shapes(nsn, region, rng)
            if rng.random() < 0.1:
                parse_region = rng.choice(regions)
        elif r < 0.95:
            text, parse_region = random_text(rng), region
        else:
            text, parse_region = random_text(rng), rng.choice(["ZZ", "XX", "001", ""])
        text = text.replace("\t", " ").replace("\n", " ")
        fields = corpus.verdict(text, parse_region)
        zones = fields[-1]
        fields[-1] = "" if not zones else str(tz_sets.setdefault(zones, len(tz_sets)))
        rows.append("\t".join([text, parse_region] + fields))
    with open(path, "w", encoding="utf-8") as out:
        out.write("\n".join(rows) + "\n")
    with open(os.path.join(os.path.dirname(path), "timezones.tsv"), "w", encoding="utf-8") as out:
        for zones, ident in sorted(tz_sets.items(), key=lambda kv: kv[1]):
            out.write("%d\t%s\n" % (ident, zones))
    print("wrote", path, len(rows))


if __name__ == "__main__":
    main()
