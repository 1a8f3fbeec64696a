#!/usr/bin/env python3
"""Converts world-atlas's countries-110m.json (TopoJSON) into data/world-110m.txt: each
country ring one line of whole tenths of a degree, "lon lat lon lat ...". Run once, by
hand, when the outlines change (data/README.md says how); the build embeds the output.
Usage: gen_world_110m.py countries-110m.json data/world-110m.txt"""
import json
import sys


def decode_arcs(topo):
    """The arcs in degrees (TopoJSON stores them quantized and delta-encoded)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(arcs, indexes):
    """A ring stitched from its arcs: ~i is arc i reversed; each arc starts where the last
    ended, so that shared point is kept once."""
    points = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        points.extend(arc if not points else arc[1:])
    return points


def tenths(points):
    """Whole tenths of a degree (about 11 km: finer than a 1:110m map can show), with
    repeats dropped."""
    out = []
    for lon, lat in points:
        p = (round(lon * 10), round(lat * 10))
        if not out or out[-1] != p:
            out.append(p)
    return out


def main():
    source, target = sys.argv[1], sys.argv[2]
    with open(source, encoding="utf-8") as f:
        topo = json.load(f)
    arcs = decode_arcs(topo)
    rings = []
    for geometry in topo["objects"]["countries"]["geometries"]:
        polygons = geometry.get("arcs", [])
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        for polygon in polygons:
            for ring in polygon:
                points = tenths(ring_points(arcs, ring))
                if len(points) >= 4:
                    rings.append(points)
    with open(target, "w", encoding="utf-8") as f:
        f.write("# Country outlines, Natural Earth 1:110m (public domain) via world-atlas 2.0.2\n")
        f.write("# (ISC). Made by data/gen_world_110m.py: one ring a line, lon lat in tenths\n")
        f.write("# of a degree.\n")
        for points in rings:
            f.write(" ".join(f"{x} {y}" for x, y in points) + "\n")


if __name__ == "__main__":
    main()
