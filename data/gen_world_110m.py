#!/usr/bin/env python3
"""Converts world-atlas's countries-110m.json (TopoJSON) into data/world-110m.txt: each
country ring one line of whole tenths of a degree, "lon lat lon lat ...", cut at the
antimeridian. Run once, by
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


def unwrap(points):
    """Longitudes made continuous: a ring that crosses the antimeridian runs past 180 (or
    -180) instead of jumping to the other edge."""
    out = [points[0]]
    for lon, lat in points[1:]:
        prev = out[-1][0]
        while lon - prev > 180:
            lon -= 360
        while prev - lon > 180:
            lon += 360
        out.append((lon, lat))
    return out


def clip(points, keep, edge):
    """Sutherland-Hodgman: the ring's part where keep(lon) holds, cut along lon = edge."""
    out = []
    for i, cur in enumerate(points):
        prev = points[i - 1]
        if keep(cur[0]) != keep(prev[0]):
            t = (edge - prev[0]) / (cur[0] - prev[0])
            out.append((edge, prev[1] + t * (cur[1] - prev[1])))
        if keep(cur[0]):
            out.append(cur)
    return out


def world_pieces(points):
    """A ring as rings within [-180, 180]: one that crosses the antimeridian is cut in two
    along it, so that no edge runs across the whole map; one around a pole (Antarctica)
    is closed along the pole's line."""
    ring = unwrap(points)
    if abs(ring[-1][0] - ring[0][0]) > 180:  # around a pole: close it along the pole
        pole = -90 if sum(lat for _, lat in ring) < 0 else 90
        ring = ring + [(ring[-1][0], pole), (ring[0][0], pole)]
    pieces = []
    for shift in (-360, 0, 360):
        moved = [(lon + shift, lat) for lon, lat in ring]
        if max(lon for lon, _ in moved) <= -180 or min(lon for lon, _ in moved) >= 180:
            continue
        part = clip(clip(moved, lambda x: x <= 180, 180), lambda x: x >= -180, -180)
        if len(part) >= 3:
            pieces.append(part)
    return pieces


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
                for piece in world_pieces(ring_points(arcs, ring)):
                    points = tenths(piece)
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
