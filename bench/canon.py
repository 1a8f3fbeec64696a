#!/usr/bin/env python3
"""A registry's canonical form, so that two loaders' results compare in full (issue 19).

One line per city (name, country, lat, lon to 4 decimals) and per agreement (kind, its
dates, its parties as sorted "name/country"), sorted: ids, column order and formatting do
not matter; every value does. Reads, by MODE:
  ndjson FILE      twinreg's NDJSON export (or an NDJSON file twinreg imports)
  json FILE        twinreg's JSON document (one record a line, as export writes it)
  shell-json FILE  sqlite3 -json of cities, then of agreements with "parties" (city ids)
  probe DB         the minimal schema of bench/load_probe.c
  anchor DB        twinreg's own tables, as bench/anchor_load.sql fills them
and, for a query's answer rather than a registry:
  rows FILE        CSV rows (a first row starting "city_id," is twinreg's header, left
                   out), each JSON array in a field written as twinreg writes a list
Usage: canon.py MODE FILE > OUT   (python3 alone: no packages)"""
import csv
import json
import sqlite3
import sys

AGREEMENT_FIELDS = ("kind", "signed_on", "in_force_on", "expires_on", "ended_on")


def coordinate(v):
    return "" if v is None else "%.4f" % float(v)


class Registry:
    def __init__(self):
        self.cities = {}
        self.agreements = []

    def city(self, r):
        self.cities[str(r["id"])] = r

    def agreement(self, r):
        parties = r["parties"]
        if isinstance(parties, str):
            parties = json.loads(parties)
        self.agreements.append(([str(p) for p in parties], [r.get(f) for f in AGREEMENT_FIELDS]))

    def lines(self):
        out = []
        for c in self.cities.values():
            out.append("city\t%s\t%s\t%s\t%s" % (c["name"], c["country"], coordinate(c.get("lat")),
                                                 coordinate(c.get("lon"))))
        for parties, fields in self.agreements:
            names = sorted("%s/%s" % (self.cities[p]["name"], self.cities[p]["country"])
                           for p in parties)
            out.append("agreement\t%s\t%s" % ("\t".join(f or "" for f in fields), ";".join(names)))
        return sorted(out)


def objects(path):
    """Each line of a file that holds one JSON object a line (in arrays or not), with its
    object (None on a line that holds none)."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            text = line.strip().lstrip("[").rstrip(",").rstrip("]").rstrip(",")
            is_object = text.startswith("{") and text.endswith("}")
            yield line, json.loads(text) if is_object else None


def read_ndjson(path, reg):
    for _, r in objects(path):
        if r is None:
            continue
        if r.get("type") == "city":
            reg.city(r)
        elif r.get("type") == "agreement":
            reg.agreement(r)


def read_json(path, reg):
    section = None
    for line, r in objects(path):
        if line.startswith(' "'):  # a section's name, alone on its line
            section = line.split('"')[1]
        elif r is None:
            continue
        elif section == "cities":
            reg.city(r)
        elif section == "agreements":
            reg.agreement(r)


def read_shell_json(path, reg):
    seen_agreement = False
    for _, r in objects(path):
        if r is None:
            continue
        seen_agreement = seen_agreement or "parties" in r
        (reg.agreement if seen_agreement else reg.city)(r)


def read_db(path, reg, parties_table):
    db = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    db.row_factory = sqlite3.Row
    for r in db.execute("SELECT id, name, country, lat, lon FROM cities"):
        reg.city(dict(r))
    parties = {}
    for a, c in db.execute("SELECT agreement_id, city_id FROM %s" % parties_table):
        parties.setdefault(a, []).append(c)
    for r in db.execute("SELECT id, %s FROM agreements" % ", ".join(AGREEMENT_FIELDS)):
        reg.agreement(dict(r, parties=parties.get(r["id"], [])))


def print_rows(path):
    """A query's answer: its rows sorted, lists in twinreg's form ("a; b", not JSON)."""
    def field(v):
        if v.startswith("[") and v.endswith("]"):
            try:
                return "; ".join(str(x) for x in json.loads(v))
            except ValueError:
                pass
        return v

    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    if rows and rows[0] and rows[0][0] == "city_id":
        rows = rows[1:]
    sys.stdout.write("".join("\t".join(map(field, r)) + "\n" for r in sorted(rows)))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    mode, path = sys.argv[1:]
    if mode == "rows":
        return print_rows(path)
    reg = Registry()
    readers = {
        "ndjson": read_ndjson,
        "json": read_json,
        "shell-json": read_shell_json,
        "probe": lambda p, r: read_db(p, r, "parties"),
        "anchor": lambda p, r: read_db(p, r, "agreement_parties"),
    }
    if mode not in readers:
        sys.exit("canon.py: unknown mode '%s'" % mode)
    readers[mode](path, reg)
    sys.stdout.write("".join(line + "\n" for line in reg.lines()))


if __name__ == "__main__":
    main()
