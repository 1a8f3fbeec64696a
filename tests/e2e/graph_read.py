#!/usr/bin/env python3
"""Reads a graph export with networkx (a real reader) and compares it with what the
registry's JSON export says it must hold, computed here independently of twinreg's code.

Usage: graph_read.py graphml|gexf FILE EXPORT.json [--kind K] [--country CC] [--all-cities]
Prints one line per mismatch, then "nodes N edges M"; exits 1 on a mismatch."""
import argparse
import json
import sys

import networkx as nx

p = argparse.ArgumentParser()
p.add_argument("format", choices=["graphml", "gexf"])
p.add_argument("file")
p.add_argument("export")
p.add_argument("--kind")
p.add_argument("--country")
p.add_argument("--all-cities", action="store_true")
a = p.parse_args()

reg = json.load(open(a.export, encoding="utf-8"))
cities = {c["id"]: c for c in reg["cities"]}
want_edges = {}  # edge id -> (agreement, {city ids})
for ag in reg["agreements"]:
    parties = ag["parties"]
    if a.kind and ag["kind"] != a.kind:
        continue
    if a.country and not any(cities[c]["country"] == a.country for c in parties):
        continue
    pairs = [(x, y) for i, x in enumerate(parties) for y in parties[i + 1:]]
    for n, (x, y) in enumerate(pairs, 1):
        eid = "a%d" % ag["id"] + ("-%d" % n if len(pairs) > 1 else "")
        want_edges[eid] = (ag, {"c%d" % x, "c%d" % y})
named = set().union(*(e[1] for e in want_edges.values())) if want_edges else set()
want_nodes = {"c%d" % i for i in cities} if a.all_cities else named

G = nx.read_graphml(a.file) if a.format == "graphml" else nx.read_gexf(a.file)
bad = []
if set(G.nodes) != want_nodes:
    bad.append("nodes differ: %d read, %d expected" % (len(G.nodes), len(want_nodes)))
got_edges = {}
for u, v, key, d in G.edges(keys=True, data=True) if G.is_multigraph() else (
        (u, v, None, d) for u, v, d in G.edges(data=True)):
    got_edges[d.get("id", key)] = ({u, v}, d)
if set(got_edges) != set(want_edges):
    bad.append("edge ids differ: %s" % sorted(set(got_edges) ^ set(want_edges))[:5])
for eid, (ag, ends) in want_edges.items():
    if eid not in got_edges:
        continue
    got_ends, d = got_edges[eid]
    if got_ends != ends:
        bad.append("edge %s joins %s, not %s" % (eid, got_ends, ends))
    for k in ("kind", "title", "signed_on", "in_force_on", "expires_on", "ended_on"):
        if d.get(k) != ag[k]:
            bad.append("edge %s %s: %r, not %r" % (eid, k, d.get(k), ag[k]))
    if d.get("agreement") != ag["id"]:
        bad.append("edge %s agreement: %r" % (eid, d.get("agreement")))
for nid in want_nodes & set(G.nodes):
    c, d = cities[int(nid[1:])], G.nodes[nid]
    name = d.get("name", d.get("label"))
    # What XML cannot carry, U+FFFD (tr_xml_put).
    if name != c["name"].replace("\uffff", "\ufffd").replace("\x7f", "\ufffd"):
        bad.append("node %s name %r, not %r" % (nid, name, c["name"]))
    for k in ("country", "region", "wikidata", "lat", "lon"):
        if d.get(k) != c[k]:
            bad.append("node %s %s: %r, not %r" % (nid, k, d.get(k), c[k]))
    if a.format == "gexf" and c["lat"] is not None:
        pos = d.get("viz", {}).get("position", {})
        if (pos.get("x"), pos.get("y")) != (c["lon"], c["lat"]):
            bad.append("node %s position %r" % (nid, pos))
for line in bad[:20]:
    print(line)
print("nodes %d edges %d" % (G.number_of_nodes(), G.number_of_edges()))
sys.exit(1 if bad else 0)
