"""Test corpus: messy inputs with phonenumbers' verdict, for the Swift agreement test.

Every row of corpus.tsv is `input, default region, valid, error, type, region, national, e164, international,
time-zone set`, where the verdict comes from the reference:

- valid: `phonenumbers.parse(input, region)` succeeds and `is_valid_number` is true; parse failures count as
  invalid. national / international are the digits of format_number NATIONAL / INTERNATIONAL, e164 is E164,
  the time-zone set is `timezone.time_zones_for_number` (ids into timezones.tsv). "Digits" are decimal
  digits of any script written as ASCII (only an extension can bring non-ASCII digits into a format).
- error (invalid rows): NumberParseException NOT_A_NUMBER -> notANumber, INVALID_COUNTRY_CODE ->
  invalidCountryCode, TOO_SHORT_* -> tooShort, TOO_LONG -> tooLong; parsed but invalid numbers map
  is_possible_number_with_reason: TOO_SHORT and IS_POSSIBLE_LOCAL_ONLY -> tooShort, TOO_LONG -> tooLong,
  anything else -> invalidNumber.
- Two rules sit on top of the reference, by design: inputs in spreadsheet scientific notation (`9.83E+07`,
  `9,83E+07`, `9.83e7`) are ALWAYS invalid with error scientificNotation, because the digits were lost in the
  spreadsheet (phonenumbers would happily parse `9.83E+07` as 98307); and inputs without any letter or digit
  are `empty` rather than notANumber.

Inputs never contain tabs or newlines. The corpus is deterministic (fixed seed).
"""

import random
import re
import unicodedata

import phonenumbers
from phonenumbers import NumberParseException, PhoneMetadata, PhoneNumberFormat, PhoneNumberType
from phonenumbers.phonenumberutil import ValidationResult
from phonenumbers.timezone import time_zones_for_number

import dfa

SCIENTIFIC = re.compile(r"^\s*[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+\s*$", re.ASCII)

TYPE_NAMES = {
    PhoneNumberType.FIXED_LINE: "fixed-line", PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "fixed-line-or-mobile", PhoneNumberType.TOLL_FREE: "toll-free",
    PhoneNumberType.PREMIUM_RATE: "premium-rate", PhoneNumberType.SHARED_COST: "shared-cost",
    PhoneNumberType.VOIP: "voip", PhoneNumberType.PERSONAL_NUMBER: "personal-number",
    PhoneNumberType.PAGER: "pager", PhoneNumberType.UAN: "uan", PhoneNumberType.VOICEMAIL: "voicemail",
    PhoneNumberType.UNKNOWN: "unknown",
}
ERRORS = {
    NumberParseException.NOT_A_NUMBER: "notANumber",
    NumberParseException.INVALID_COUNTRY_CODE: "invalidCountryCode",
    NumberParseException.TOO_SHORT_AFTER_IDD: "tooShort",
    NumberParseException.TOO_SHORT_NSN: "tooShort",
    NumberParseException.TOO_LONG: "tooLong",
}

# Weighted toward the dialers' markets (Latin America, Spain), plus a spread of the world.
REGIONS = {
    "UY": 10, "AR": 10, "BR": 6, "CL": 5, "CO": 5, "MX": 6, "PE": 5, "ES": 6, "US": 6, "GB": 4, "DE": 4, "FR": 3,
    "IT": 4, "IN": 3, "CA": 2, "PT": 2, "EC": 3, "PY": 3, "BO": 2, "VE": 2, "CR": 2, "DO": 2, "PA": 2, "GT": 2,
    "SV": 1, "HN": 1, "NI": 1, "CU": 1, "PR": 1, "NL": 1, "BE": 1, "CH": 1, "AT": 1, "RU": 1, "CN": 1, "JP": 1,
    "AU": 1, "ZA": 1, "NG": 1, "PH": 1, "ID": 1, "AE": 1, "IL": 1, "PL": 1, "SE": 1, "GG": 1, "JM": 1, "KZ": 1,
}
TOTAL = 60000
NBSP = "\u00a0"


def verdict(text, region):
    """The reference's answer as corpus fields (without the input and region)."""
    empty = ["", "", "", "", "", ""]
    if SCIENTIFIC.match(text):
        return ["0", "scientificNotation"] + empty
    if not any(c.isalnum() for c in text):
        return ["0", "empty"] + empty
    try:
        num = phonenumbers.parse(text, region)
    except NumberParseException as e:
        return ["0", ERRORS[e.error_type]] + empty
    if not phonenumbers.is_valid_number(num):
        reason = phonenumbers.is_possible_number_with_reason(num)
        error = {ValidationResult.TOO_SHORT: "tooShort", ValidationResult.IS_POSSIBLE_LOCAL_ONLY: "tooShort",
                 ValidationResult.TOO_LONG: "tooLong",
                 ValidationResult.INVALID_COUNTRY_CODE: "invalidCountryCode"}.get(reason, "invalidNumber")
        return ["0", error] + empty
    # Digits of the formatted text, any script's decimal digits as ASCII (extensions keep the input's digits).
    digits = lambda s: "".join(str(unicodedata.digit(c)) for c in s if c.isdecimal())  # noqa: E731
    return ["1", "", TYPE_NAMES[phonenumbers.number_type(num)], phonenumbers.region_code_for_number(num),
            digits(phonenumbers.format_number(num, PhoneNumberFormat.NATIONAL)),
            phonenumbers.format_number(num, PhoneNumberFormat.E164),
            digits(phonenumbers.format_number(num, PhoneNumberFormat.INTERNATIONAL)),
            ",".join(time_zones_for_number(num))]


class Sampler:
    """Random national numbers of one region: DFA walks over each type's pattern, plus mutations."""

    def __init__(self, region, rng):
        self.rng = rng
        self.md = PhoneMetadata.metadata_for_region(region)
        self.walkers = []
        for name in ["fixed_line", "mobile", "toll_free", "premium_rate", "shared_cost", "voip", "uan"]:
            desc = getattr(self.md, name)
            if desc is None or not desc.national_number_pattern:
                continue
            labels, trans = dfa.build_dfa([(desc.national_number_pattern, 1)])
            weight = {"fixed_line": 4, "mobile": 8}.get(name, 1)
            self.walkers.append((weight, labels, trans, self._live(labels, trans)))

    @staticmethod
    def _live(labels, trans):
        live = {s for s, lab in enumerate(labels) if lab}
        changed = True
        while changed:
            changed = False
            for s, row in enumerate(trans):
                if s not in live and any(t in live for t in row):
                    live.add(s)
                    changed = True
        return live

    def valid_like(self):
        weights = [w[0] for w in self.walkers]
        _, labels, trans, live = self.rng.choices(self.walkers, weights)[0]
        s, out = 1, ""
        while len(out) < 17:
            options = [d for d in range(10) if trans[s][d] in live]
            if labels[s] and (not options or self.rng.random() < 0.5):
                break
            if not options:
                break
            d = self.rng.choice(options)
            out += str(d)
            s = trans[s][d]
        return out

    def invalid_like(self):
        nsn = self.valid_like()
        r = self.rng.random()
        if r < 0.3 and len(nsn) > 3:
            i = self.rng.randrange(len(nsn))
            return nsn[:i] + nsn[i + 1:]
        if r < 0.6:
            i = self.rng.randrange(len(nsn) + 1)
            return nsn[:i] + str(self.rng.randrange(10)) + nsn[i:]
        if r < 0.8 and nsn:
            i = self.rng.randrange(len(nsn))
            return nsn[:i] + str(self.rng.randrange(10)) + nsn[i + 1:]
        return "".join(str(self.rng.randrange(10)) for _ in range(self.rng.randint(1, 20)))


def vary_separators(text, rng):
    """Re-punctuate a formatted number the way spreadsheets and CRMs do."""
    style = rng.random()
    if style < 0.35:
        return text
    sep = rng.choice(["-", ".", "", " ", "  ", NBSP, "\u2013", "/"])
    out = re.sub(r"[ \-]", lambda _: sep, text)
    if rng.random() < 0.2:
        out = re.sub(r"^(\+?\d+)", r"(\1)", out, count=1)
    return out


def shapes(nsn, region, rng):
    """One messy rendering of the national significant number `nsn` of `region`, and the default region."""
    md = PhoneMetadata.metadata_for_region(region)
    cc = md.country_code
    try:
        num = phonenumbers.parse("+%d%s" % (cc, nsn), None)
        national = phonenumbers.format_number(num, PhoneNumberFormat.NATIONAL)
        international = phonenumbers.format_number(num, PhoneNumberFormat.INTERNATIONAL)
    except NumberParseException:
        national, international = nsn, "+%d %s" % (cc, nsn)
    idd = md.preferred_international_prefix or md.international_prefix or "00"
    if not re.fullmatch(r"\d+", idd):
        idd = "00"
    r = rng.random()
    parse_region = region
    if r < 0.14:
        text = nsn
    elif r < 0.34:
        text = vary_separators(national, rng)
    elif r < 0.42:
        text = re.sub(r"\D", "", national)
    elif r < 0.52:
        text = "+%d%s" % (cc, nsn)
    elif r < 0.64:
        text = vary_separators(international, rng)
    elif r < 0.70:
        text = "%s%d %s" % (idd, cc, vary_separators(national if rng.random() < 0.3 else nsn, rng))
    elif r < 0.78:
        text = "%d%s" % (cc, nsn)
    elif r < 0.81:
        text = "+%d (0) %s" % (cc, nsn)
    elif r < 0.88:
        # International shapes read with another default region.
        parse_region = rng.choice(list(REGIONS))
        text = rng.choice([vary_separators(international, rng), "+%d%s" % (cc, nsn), "00%d%s" % (cc, nsn)])
    else:
        text = vary_separators(rng.choice([national, international, nsn]), rng)
    # Surrounding noise.
    r = rng.random()
    if r < 0.04:
        text = rng.choice(["Tel: ", "tel ", "Cel. ", "movil: ", "#", "'"]) + text
    elif r < 0.08:
        text = " " + text + rng.choice([" ", "  ", NBSP, ";", ".", " /", ","])
    elif r < 0.095:
        text = text + rng.choice([" ext. 123", " x12", " ext 7", " int. 45", "#21", " Ext: 1234", ";ext=99",
                                  " - 503#", ",,12"])
    elif r < 0.10:
        text = text.translate({ord(str(d)): chr(0xFF10 + d) for d in range(10)})
    return text, parse_region


GARBAGE = ["", " ", "-", "--", "()", "N/A", "n/a", "#N/A", "null", "NULL", "sin dato", "sin numero", "0", "00",
           "000000", "no tiene", "abc", "TEL", "***", "+", "++598", "x", "?", "s/n", "N/D", "-0-", "1", "12",
           "9999999999999999999999", "mail@example.com", "Llamar a Juan", "098 3A4 484", "099-123-4567-8901-234",
           "+598", "+54 9", "+1 (800) FLOWERS", "1-800-FLOWERS", "tel:+598-98-344-484", "+0 598 98344484",
           "+00598 98344484", "\u00a0", "\u3000", "+5 98", "+99 123456789", "+800 1234 5678", "+882 1234 5678"]


def scientific(nsn, cc, rng):
    value = float(("%d%s" % (cc, nsn)) if rng.random() < 0.5 else nsn or "1")
    text = ("%." + str(rng.randint(1, 6)) + "E") % value
    r = rng.random()
    if r < 0.3:
        text = text.replace(".", ",")
    elif r < 0.5:
        text = text.lower().replace("+", "")
    elif r < 0.6:
        text = text.replace("E+0", "e")
    return text


def emit(path):
    rng = random.Random(598)
    rows = []
    tz_sets = {}
    total_weight = sum(REGIONS.values())
    for region, weight in REGIONS.items():
        sampler = Sampler(region, rng)
        cc = sampler.md.country_code
        for _ in range(TOTAL * weight // total_weight):
            r = rng.random()
            if r < 0.80:
                text, parse_region = shapes(sampler.valid_like(), region, rng)
            elif r < 0.93:
                text, parse_region = shapes(sampler.invalid_like(), region, rng)
            elif r < 0.97:
                text, parse_region = scientific(sampler.valid_like(), cc, rng), region
            else:
                text, parse_region = rng.choice(GARBAGE), region
            assert "\t" not in text and "\n" not in text
            fields = verdict(text, parse_region)
            zones = fields[-1]
            fields[-1] = "" if not zones else str(tz_sets.setdefault(zones, len(tz_sets)))
            rows.append("\t".join([text, parse_region] + fields))
    header = "# input\tregion\tvalid\terror\ttype\tregionCode\tnational\te164\tinternational\ttimeZones"
    with open(path, "w", encoding="utf-8") as out:
        out.write(header + "\n" + "\n".join(rows) + "\n")
    with open(path.replace("corpus.tsv", "timezones.tsv"), "w", encoding="utf-8") as out:
        for zones, ident in sorted(tz_sets.items(), key=lambda kv: kv[1]):
            out.write("%d\t%s\n" % (ident, zones))
    valid = sum(1 for row in rows if row.split("\t")[2] == "1")
    print("wrote %s (%d rows, %d valid, %d regions)" % (path, len(rows), valid, len(REGIONS)))
