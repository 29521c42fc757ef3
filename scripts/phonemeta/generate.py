#!/usr/bin/env python3
"""Regenerates the PhoneNumbers metadata and test corpus from Google's libphonenumber.

    python3 scripts/phonemeta/generate.py            # metadata + corpus
    python3 scripts/phonemeta/generate.py --no-corpus

Reads libphonenumber's metadata through the PyPI package `phonenumbers` (pinned below; installed with pip
if missing) and writes:

- Sources/PhoneNumbers/Generated/Metadata+Text.swift: one string literal in a line-based text format that
  the Swift side parses lazily at first use (see `emit_metadata` for the record layout). Every national
  number, possible number and leading-digits pattern is compiled here into a minimal DFA over digits
  (dfa.py) and cross-checked against `re` on sample numbers, so the Swift code never runs those regexes.
- Tests/PhoneNumbersTests/Resources/corpus.tsv: messy inputs with the reference's verdict (corpus.py).
"""

import argparse
import os
import random
import re
import subprocess
import sys
import zlib

PINNED = "9.0.43"
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)


def ensure_phonenumbers():
    try:
        import phonenumbers
        if phonenumbers.__version__ == PINNED:
            return
    except ImportError:
        pass
    subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", "phonenumbers==" + PINNED])
    for name in list(sys.modules):
        if name == "phonenumbers" or name.startswith("phonenumbers."):
            del sys.modules[name]


ensure_phonenumbers()

import phonenumbers  # noqa: E402
from phonenumbers import PhoneMetadata  # noqa: E402
from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE, SUPPORTED_REGIONS  # noqa: E402
from phonenumbers.tzdata import TIMEZONE_DATA, TIMEZONE_LONGEST_PREFIX  # noqa: E402

import dfa  # noqa: E402

assert phonenumbers.__version__ == PINNED, phonenumbers.__version__

# Order matters: it is the bit order of the per-region type DFA and of the Swift `Metadata.Desc` enum.
DESCS = ["general_desc", "premium_rate", "toll_free", "shared_cost", "voip", "personal_number", "pager", "uan",
         "voicemail", "fixed_line", "mobile"]
B64 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"


def all_metadata():
    """(cc, region id, metadata) for every region and non-geographic entity, in calling-code order."""
    out = []
    for cc in sorted(COUNTRY_CODE_TO_REGION_CODE):
        for region in COUNTRY_CODE_TO_REGION_CODE[cc]:
            if region == "001":
                md = PhoneMetadata.metadata_for_nongeo_region(cc)
            else:
                md = PhoneMetadata.metadata_for_region(region)
            if md is not None:
                out.append((cc, region, md))
    return out


class DFATable:
    """Deduplicated DFAs, emitted as `D` records."""

    def __init__(self):
        self.keys = {}
        self.records = []

    def add(self, patterns, prefix=False):
        key = (tuple(patterns), prefix)
        if key in self.keys:
            return self.keys[key]
        labels, trans = dfa.build_dfa(patterns, prefix=prefix)
        verify(patterns, labels, trans, prefix)
        ident = len(self.records)
        self.records.append(encode_dfa(ident, labels, trans))
        self.keys[key] = ident
        return ident


def encode_dfa(ident, labels, trans):
    """`D id states labels rows`: labels as `state:label` pairs (hex) for non-zero labels; each row is a run
    list of (2-char base-64 target, last digit of the run), ending with the run that reaches digit 9."""
    n = len(labels)
    assert n < 64 * 64, "DFA too large for 2-char state ids"
    lab = ",".join("%d:%x" % (s, v) for s, v in enumerate(labels) if v)
    rows = []
    for row in trans:
        for d in range(10):
            if d == 9 or row[d + 1] != row[d]:
                rows.append(B64[row[d] // 64] + B64[row[d] % 64] + str(d))
    return "\t".join(["D", str(ident), str(n), lab, "".join(rows)])


def verify(patterns, labels, trans, prefix):
    """The DFA must agree with Python's `re` (match or fullmatch) on every sample."""
    rng = random.Random(zlib.crc32(repr(patterns).encode()))
    samples = set()
    for _ in range(300):
        samples.add("".join(rng.choice("0123456789") for _ in range(rng.randint(0, 17))))
    # Random walks through the DFA reach accepting paths that random strings would miss.
    for _ in range(300):
        s, out = 1, ""
        for _ in range(rng.randint(1, 17)):
            d = rng.randrange(10)
            nxt = trans[s][d]
            if nxt == 0:
                live = [k for k in range(10) if trans[s][k] != 0]
                if not live:
                    break
                d = rng.choice(live)
                nxt = trans[s][d]
            out += str(d)
            s = nxt
        samples.add(out)
        samples.add(out[:-1] + str(rng.randrange(10)))
    compiled = [(re.compile(p), bit) for p, bit in patterns]
    for sample in samples:
        want = 0
        for rx, bit in compiled:
            hit = rx.match(sample) if prefix else rx.fullmatch(sample)
            if hit:
                want |= bit
        got = dfa.run(labels, trans, sample, prefix)
        assert got == want, (patterns, sample, got, want)


def prefix_free(pattern):
    """True when no string of the pattern's language is a proper prefix of another one. Then Python's
    `re.match` end is simply the first accepting position of a DFA walk, whatever the backtracking order."""
    labels, trans = dfa.build_dfa([(pattern, 1)])
    for s, lab in enumerate(labels):
        if not lab:
            continue
        seen, stack = set(), [t for t in trans[s] if t]
        while stack:
            q = stack.pop()
            if q in seen:
                continue
            if labels[q]:
                return False
            seen.add(q)
            stack.extend(t for t in trans[q] if t)
    return True


def prefix_pattern(pattern, table, needs_groups=False):
    """IDD and national-prefix patterns: `@id` of a prefix DFA when only the match end matters and it is
    unambiguous, else the regex source for the Swift backtracking matcher."""
    if not pattern:
        return ""
    if not needs_groups and "$" not in pattern and prefix_free(pattern):
        ident = table.add([(pattern, 1)], prefix=True)
        rx = re.compile(pattern)
        labels, trans = dfa.build_dfa([(pattern, 1)], prefix=True)
        rng = random.Random(zlib.crc32(pattern.encode()))
        for _ in range(2000):
            sample = "".join(rng.choice("0123456789") for _ in range(rng.randint(0, 12)))
            m = rx.match(sample)
            assert (m.end() if m else None) == prefix_end(labels, trans, sample), (pattern, sample)
        return "@%d" % ident
    return simple_regex(pattern)


def prefix_end(labels, trans, digits):
    s = 1
    for i in range(len(digits) + 1):
        if labels[s]:
            return i
        if i == len(digits):
            return None
        s = trans[s][ord(digits[i]) - 48]
        if s == 0:
            return None


def length_mask(lengths):
    mask = 0
    for n in lengths:
        if n >= 0:
            mask |= 1 << n
    return mask


def simple_regex(pattern):
    """Patterns the Swift backtracking matcher runs (IDD, national prefix for parsing) are kept as source
    text; make sure they stay inside the subset it understands."""
    if pattern is None:
        return ""
    assert re.fullmatch(r"[0-9\\d\[\]\-()?:|{},*+$]*", pattern), pattern
    dfa.sre_parse.parse(pattern)
    return pattern


def format_groups(pattern):
    """Format patterns are concatenations of `(\\d{m,n})` groups; return [(m, n)]."""
    tree = list(dfa.sre_parse.parse(pattern))
    out = []
    for op, av in tree:
        assert str(op) == "SUBPATTERN", pattern
        body = list(av[-1])
        assert len(body) == 1, pattern
        op2, av2 = body[0]
        if str(op2) == "IN":
            assert dfa._digit_set(av2) == dfa.DIGITS, pattern
            out.append((1, 1))
        else:
            assert str(op2) == "MAX_REPEAT", pattern
            lo, hi, sub = av2
            sub = list(sub)
            assert len(sub) == 1 and str(sub[0][0]) == "IN" and dfa._digit_set(sub[0][1]) == dfa.DIGITS, pattern
            out.append((lo, hi))
    return out


def template(rule):
    """Digits-only rendering of a replacement template: group refs become a..i, literal digits stay."""
    out = ""
    i = 0
    while i < len(rule):
        c = rule[i]
        if c == "\\":
            g = int(rule[i + 1])
            assert 1 <= g <= 9
            out += "abcdefghi"[g - 1]
            i += 2
            continue
        if c.isdigit():
            out += c
        i += 1
    return out or "-"


FIRST_GROUP = re.compile(r"(\\\d)")


def format_record(kind, cc, fmt, table, national):
    ld = ""
    if fmt.leading_digits_pattern:
        ld = str(table.add([(fmt.leading_digits_pattern[-1], 1)], prefix=True))
    groups = ".".join("%d-%d" % g for g in format_groups(fmt.pattern))
    rule = fmt.format
    if national and fmt.national_prefix_formatting_rule:
        rule = FIRST_GROUP.sub(fmt.national_prefix_formatting_rule, rule, count=1)
    return "\t".join([kind, str(cc), ld, groups, template(rule)])


# phonenumbers' _SINGLE_INTERNATIONAL_PREFIX: an international prefix that is one literal (`~` = wait for tone).
SINGLE_INTERNATIONAL_PREFIX = re.compile("[\\d]+(?:[~\u2053\u223C\uFF5E][\\d]+)?")


def dial_prefix(md):
    """The prefix `format_out_of_country_calling_number` puts before a foreign number's calling code, as
    digits: the preferred international prefix, else the international prefix when it is a single literal;
    empty when neither (libphonenumber then writes the number with `+`)."""
    prefix = md.preferred_international_prefix
    if prefix is None and md.international_prefix and SINGLE_INTERNATIONAL_PREFIX.fullmatch(md.international_prefix):
        prefix = md.international_prefix
    return re.sub(r"\D", "", prefix or "")


def emit_metadata():
    """Record layout (one per line, fields separated by tabs, shown here as `|`):

    V|version
    D|id|states|labels|rows                       a DFA (see encode_dfa)
    R|cc|region|idd|np|npp|transform|ldDFA|typeDFA|lengths|localLengths|sameMobileFixed|dialPrefix
        idd, npp: `@id` of a prefix DFA (unambiguous match end) or the regex source (see prefix_pattern)
        lengths: 11 hex masks over DESCS (`-` = no such desc); localLengths: general desc's local-only mask
        dialPrefix: the digits dialled before a foreign number (see dial_prefix; empty when none)
    N|cc|ldDFA|groups|template                    national formats of the calling code's main region
    I|cc|ldDFA|groups|template                    international formats (same list when none are special)
    C|cc|region,region,...                        regions sharing a calling code, main region first
    T|name|name|...                               time-zone names
    Z|prefix:i,j;prefix:k;...                     time-zone prefix map over E.164 digits
    """
    table = DFATable()
    lines = ["V\t" + PINNED]
    regions = []
    formats = []
    for cc, region, md in all_metadata():
        pats = []
        masks = []
        for bit, name in enumerate(DESCS):
            desc = getattr(md, name)
            if desc is None:
                masks.append("-")
                continue
            if desc.national_number_pattern:
                pats.append((desc.national_number_pattern, 1 << bit))
            masks.append("%x" % length_mask(desc.possible_length) if desc.possible_length else "*")
        type_dfa = table.add(pats)
        ld = str(table.add([(md.leading_digits, 1)], prefix=True)) if md.leading_digits else ""
        local = length_mask(md.general_desc.possible_length_local_only or ())
        transform = md.national_prefix_transform_rule or ""
        assert re.fullmatch(r"[0-9]*(\\[1-9][0-9]*)*", transform), transform
        regions.append("\t".join([
            "R", str(cc), region, prefix_pattern(md.international_prefix, table), md.national_prefix or "",
            prefix_pattern(md.national_prefix_for_parsing, table, needs_groups=bool(transform)), transform, ld, str(type_dfa), ",".join(masks),
            "%x" % local, "1" if md.same_mobile_and_fixed_line_pattern else "0", dial_prefix(md)]))
        if region == COUNTRY_CODE_TO_REGION_CODE[cc][0]:
            for fmt in md.number_format:
                formats.append(format_record("N", cc, fmt, table, True))
            for fmt in (md.intl_number_format or md.number_format):
                formats.append(format_record("I", cc, fmt, table, False))
    lines += table.records + regions + formats
    for cc in sorted(COUNTRY_CODE_TO_REGION_CODE):
        lines.append("C\t%d\t%s" % (cc, ",".join(COUNTRY_CODE_TO_REGION_CODE[cc])))
    names = sorted({tz for zones in TIMEZONE_DATA.values() for tz in zones})
    index = {n: i for i, n in enumerate(names)}
    lines.append("T\t" + "\t".join(names))
    assert max(len(p) for p in TIMEZONE_DATA) == TIMEZONE_LONGEST_PREFIX
    lines.append("Z\t" + ";".join("%s:%s" % (p, ",".join(str(index[z]) for z in TIMEZONE_DATA[p]))
                                 for p in sorted(TIMEZONE_DATA)))
    text = "\n".join(lines) + "\n"
    assert '"""#' not in text
    path = os.path.join(ROOT, "Sources", "PhoneNumbers", "Generated", "Metadata+Text.swift")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as out:
        out.write("// Generated by scripts/phonemeta/generate.py from phonenumbers %s. Do not edit.\n" % PINNED)
        out.write("// swift-format-ignore-file\n\n")
        out.write("extension Metadata {\n")
        out.write("    /// libphonenumber metadata in the text format documented in generate.py.\n")
        out.write('    static let text: String = #"""\n')
        out.write(text)
        out.write('"""#\n}\n')
    print("wrote %s (%d bytes, %d DFAs)" % (path, os.path.getsize(path), len(table.records)))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-corpus", action="store_true", help="only regenerate the metadata")
    args = parser.parse_args()
    emit_metadata()
    if not args.no_corpus:
        import corpus
        corpus.emit(os.path.join(ROOT, "Tests", "PhoneNumbersTests", "Resources", "corpus.tsv"))


if __name__ == "__main__":
    main()
