#!/usr/bin/env python3
"""Checks a report page (report --format html) with Python's own HTML parser: every element
closed in order, the number of <svg> and of timeline lanes, no <script>, and every line of the
table form (its words; colons and padding aside) among the page's lines.

Usage: html_check.py PAGE.html TABLE.txt SVGS LANES
Prints one line per problem; exits 1 on any."""
import re
import sys
from html.parser import HTMLParser

VOID = {"meta", "br", "hr", "img", "link", "input", "wbr"}
# SVG's empty elements are written self-closed (<line/>), which the parser reports as such.
BLOCK = {"li", "ul", "ol", "h1", "h2", "h3", "h4", "p", "div", "figure", "figcaption", "title"}


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.problems, self.lines, self.counts = [], [], [""], {}
        self.in_svg = self.in_head = 0

    def count(self, what):
        self.counts[what] = self.counts.get(what, 0) + 1

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.count(tag)
        if tag == "g" and "lane" in (a.get("class") or "").split():
            self.count("lane")
        if tag not in VOID:
            self.stack.append(tag)
        self.in_svg += tag == "svg"
        self.in_head += tag == "head"
        if tag in BLOCK:
            self.lines.append("")

    def handle_startendtag(self, tag, attrs):
        self.count(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.problems.append("</%s> closes <%s>" % (tag, self.stack[-1] if self.stack else "nothing"))
        else:
            self.stack.pop()
        self.in_svg -= tag == "svg"
        self.in_head -= tag == "head"
        if tag in BLOCK:
            self.lines.append("")

    def handle_data(self, data):
        if not self.in_svg and not self.in_head:
            self.lines[-1] += data


def norm(line):
    return " ".join(line.replace(":", " ").split())


page_file, table_file, svgs, lanes = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
p = Page()
html = open(page_file, encoding="utf-8").read()
p.feed(html)
p.close()
problems = p.problems
if p.stack:
    problems.append("never closed: %s" % p.stack)
if not html.startswith("<!DOCTYPE html>"):
    problems.append("no doctype")
if p.counts.get("svg", 0) != svgs:
    problems.append("%d <svg>, not %d" % (p.counts.get("svg", 0), svgs))
if p.counts.get("lane", 0) != lanes:
    problems.append("%d timeline lanes, not %d" % (p.counts.get("lane", 0), lanes))
if p.counts.get("script", 0) or re.search(r"https?://[^\"'<]*\.(js|css)\b", html) or "<link" in html:
    problems.append("a script or something from the network")
if "@media print" not in html:
    problems.append("no print style")
page_lines = {norm(line) for line in p.lines}
for line in open(table_file, encoding="utf-8").read().splitlines():
    if norm(line) and norm(line) not in page_lines:
        problems.append("the table's line is not on the page: %r" % line.strip())
for line in problems[:20]:
    print(line)
sys.exit(1 if problems else 0)
