#!/usr/bin/env python3
"""Writes the country names beyond ISO 3166-1's English ones, as a C table, from Debian's
iso-codes: the translations of its gettext catalogues (iso_3166-1.mo, read with Python's own
gettext module), the former names of ISO 3166-3 with the code that succeeded them, the short
forms of ISO's inverted names ("Micronesia, Federated States of" -> "Micronesia"), and the
territories that ISO 3166-2 lists under another country with their own 3166-1 code
(FR-RE: Reunion), so that "Reunion, France" keeps RE.
Usage: JSON_DIR LOCALE_DIR LANGUAGES OUT (LANGUAGES: "de,fr,...", the catalogues to read)."""
import gettext
import json
import os
import sys

json_dir, locale_dir, languages, out = sys.argv[1:5]


def load(part):
    with open(os.path.join(json_dir, "iso_%s.json" % part), encoding="utf-8") as f:
        return json.load(f)[part]


countries = load("3166-1")
codes = {c["alpha_2"] for c in countries}
english = {}  # msgid -> alpha-2
for c in countries:
    for key in ("name", "common_name", "official_name"):
        if key in c:
            english.setdefault(c[key], c["alpha_2"])

rows = set()  # (kind, alpha-2, name)
for lang in sorted(set(languages.split(","))):
    mo = os.path.join(locale_dir, lang, "LC_MESSAGES", "iso_3166-1.mo")
    if not os.path.exists(mo):
        sys.exit("iso-codes has no ISO 3166-1 catalogue for '%s' (%s)" % (lang, mo))
    with open(mo, "rb") as f:
        catalogue = gettext.GNUTranslations(f)
    for msgid, alpha2 in english.items():
        name = catalogue.gettext(msgid)
        if name != msgid and name.strip():
            rows.add(("TR_CN_TRANSLATION", alpha2, name.strip()))


def short_form(name):
    """ISO's "Name, qualifier" and "Name (qualifier)" without the qualifier, else None."""
    if name.endswith(")") and " (" in name:
        return name[: name.rindex(" (")]
    if ", " in name:
        return name[: name.index(", ")]
    return None


for name, alpha2 in english.items():
    s = short_form(name)
    if s:
        rows.add(("TR_CN_SHORT", alpha2, s))
# A withdrawn code's successor is the last two letters of its alpha-4 code; HH and XX (and
# a code withdrawn since, such as Yugoslavia's CS) mean no single successor: left out.
for c in load("3166-3"):
    alpha2 = c["alpha_4"][2:]
    if alpha2 in codes:
        rows.add(("TR_CN_FORMER", alpha2, c["name"]))
        s = short_form(c["name"])
        if s:
            rows.add(("TR_CN_FORMER", alpha2, s))

# Subdivision types that ISO gives a territory with a country code of its own.
TERRITORY_TYPES = ("overseas", "outlying area", "country", "special administrative region")
territories = set()
for s in load("3166-2"):
    parent, sub = s["code"].split("-", 1)
    if sub in codes and sub != parent and s["type"].lower().startswith(TERRITORY_TYPES):
        territories.add((parent, sub))


def c_string(text):
    return '"%s"' % "".join(
        "\\%03o" % b if b < 32 or b > 126 or b in (34, 92) or chr(b) == "?" else chr(b)
        for b in text.encode("utf-8")
    )


lines = [
    "/* Generated from iso-codes by cmake/gen_country_names.py. Do not edit. */",
    '#include "core/country_names.h"',
    "",
    "const struct tr_country_name tr_country_names[] = {",
]
lines += ['    {"%s", %s, %s},' % (a, c_string(n), k) for k, a, n in sorted(rows)]
lines += ["};", "const int tr_country_name_count = %d;" % len(rows), ""]
lines += ["const struct tr_country_territory tr_country_territories[] = {"]
lines += ['    {"%s", "%s"},' % t for t in sorted(territories)]
lines += ["};", "const int tr_country_territory_count = %d;" % len(territories), ""]
# The build's folder for generated files may not exist yet (a fresh build may run this
# before the other generators, which create it).
os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
with open(out + ".tmp", "w", encoding="ascii") as f:
    f.write("\n".join(lines))
os.replace(out + ".tmp", out)
