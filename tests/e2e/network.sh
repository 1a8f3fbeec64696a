#!/usr/bin/env bash
# End-to-end tests of the network questions (issue 17): partners --depth, path, cousins and
# stats network on small hand-checked graphs (a chain, a cycle, a hub, a suspended link, an
# ended link, a multi-party agreement), their ties, formats and bad inputs; then on the
# Wikidata subset against an independent python3 computation over the registry's export.
# Usage: bash tests/e2e/network.sh /path/to/twinreg
# Runs in a fresh temporary folder, removed on exit; on a server with E2E_ENGINE=postgresql.
# Prints one line per failed check and, last, "N passed, M failed"; exits 1 on any failure.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DATA="$HERE/../data"
# shellcheck source=lib.sh
. "$HERE/lib.sh"
e2e_setup "network.sh" "$@"

# pick EXPR: the rows (o) of the JSON array on stdout, each as EXPR, joined by ' | '.
pick() {
    jsql "$TMP/out" "SELECT coalesce(group_concat($1, ' | '), '') FROM json_each({J}) o;"
}
# f KEY: EXPR for the field KEY of a row (a list's items joined by ',').
f() {
    printf "(CASE json_type(o.value, '\$.%s') WHEN 'array' THEN (SELECT group_concat(j.value, ',') FROM json_each(o.value, '\$.%s') j) ELSE json_extract(o.value, '\$.%s') END)" "$1" "$1" "$1"
}
# expect_rows WHAT WANT EXPR: `pick EXPR` of the last command is WANT.
expect_rows() {
    local got
    got=$(pick "$3")
    [ "$got" = "$2" ]
    check $? "$CMD: $1" "$2" "$got"
}
HOPS="$(f agreement) || ':' || $(f from) || '>' || $(f to)"
REACH="$(f depth) || ' ' || $(f city) || ' ' || $(f chain) || ' ' || $(f agreements)"
COUSIN="$(f city) || ' ' || $(f shared) || ' ' || $(f partners)"
STAT="$(f measure) || '=' || coalesce($(f key) || ':', '') || $(f value) || coalesce(' ' || $(f countries), '')"

mkdir -p "$TMP/net"
DB=$(e2e_db "$TMP/net/registry.db")
# Each city's country is its own, so a component's countries are its cities'.
for c in A:FR B:DE C:IT D:ES E:PT F:NL G:BE H:AT I:PL J:CZ K:SK L:HU M:SE N:NO O:FI P:DK Q:IE \
    Z:GR; do
    tw --db "$DB" city add "${c%%:*}" --country "${c##*:}"
    expect_rc 0
done
add() {
    tw --db "$DB" agreement add "$@" --signed 2000
    expect_rc 0
}
# Agreement ids follow the lines: 1-3 the chain A-B-C-D; 4-5 A-E-D and 6-7 A-F-D, two
# shorter ways of the same length (4 suspended from 2015, 6 ended in 2010); 8-10 the cycle
# G-H-I; 11 J, K and L in one agreement; 12-15 the hub M. Z has no agreement.
add A B
add B C
add C D
add A E
add E D
add A F
add F D
add G H
add H I
add I G
add J K L
add M N
add M O
add M P
add M Q
tw --db "$DB" agreement suspend 4 --on 2015 --reason test
expect_rc 0
tw --db "$DB" agreement end 6 --on 2010
expect_rc 0

# ======================================================================================
section "path"

# Today 4 is suspended and 6 ended: only the chain links A and D.
tw --db "$DB" path A D --format json
expect_rc 0
expect_rows "the chain, hop by hop" "1:A>B | 2:B>C | 3:C>D" "$HOPS"
# In 2005 both short ways are in force: the one whose first hop has the smaller id.
tw --db "$DB" path A D --on 2005 --format json
expect_rows "of two shortest, the smaller first agreement" "4:A>E | 5:E>D" "$HOPS"
tw --db "$DB" path D A --on 2005 --format json
expect_rows "from the other end, its own smaller first hop" "5:D>E | 4:E>A" "$HOPS"
# In 2012 the suspension has not begun but 6 has ended.
tw --db "$DB" path A D --on 2012 --format json
expect_rows "an ended link is no way" "4:A>E | 5:E>D" "$HOPS"
tw --db "$DB" path A D --on 2020 --format json
expect_rows "a suspended link is no way" "1:A>B | 2:B>C | 3:C>D" "$HOPS"
tw --db "$DB" path A D --any --format json
expect_rows "--any: every agreement" "4:A>E | 5:E>D" "$HOPS"
tw --db "$DB" path J L --format json
expect_rows "a multi-party agreement links each pair" "11:J>L" "$HOPS"
tw --db "$DB" path N Q --format json
expect_rows "through the hub" "12:N>M | 15:M>Q" "$HOPS"
tw --db "$DB" path G I --format json
expect_rows "round a cycle, the shorter way" "10:G>I" "$HOPS"
tw --db "$DB" path A M --any
expect_rc 0
expect_out_empty
expect_err_has "no chain of agreements links 'A' and 'M'"
tw --db "$DB" path A Z --format csv
expect_rc 0
expect_out_eq "$(printf 'hop,agreement,from_id,from,from_country,to_id,to,to_country\r')"
expect_err_has "no chain of agreements in force links 'A' and 'Z'"
tw --db "$DB" path A D --format csv
expect_rc 0
expect_csv 3 hop agreement from_id from from_country to_id to to_country
tw --db "$DB" path A D --format ndjson
expect_ndjson 3
tw --db "$DB" path A D
expect_out_has "HOP"

# ======================================================================================
section "partners --depth"

tw --db "$DB" partners A --on 2005 --format json
cp "$TMP/out" "$TMP/net/depth0.json"
tw --db "$DB" partners A --on 2005 --depth 1 --format json
cmp -s "$TMP/out" "$TMP/net/depth0.json"
check $? "--depth 1 is partners as before" "the same bytes" "$(excerpt "$TMP/out")"
tw --db "$DB" partners A --on 2005 --depth 2 --format json
expect_rc 0
expect_rows "two levels, each city once by its smallest chain" \
    "1 B A,B 1 | 1 E A,E 4 | 1 F A,F 6 | 2 C A,B,C 1,2 | 2 D A,E,D 4,5" "$REACH"
tw --db "$DB" partners A --depth 5 --format json
expect_rows "today: round the chain to E and F" \
    "1 B A,B 1 | 2 C A,B,C 1,2 | 3 D A,B,C,D 1,2,3 | 4 E A,B,C,D,E 1,2,3,5 | 4 F A,B,C,D,F 1,2,3,7" \
    "$REACH"
tw --db "$DB" partners N --depth 2 --format json
expect_rows "a hub's other partners" "1 M N,M 12 | 2 O N,M,O 12,13 | 2 P N,M,P 12,14 | 2 Q N,M,Q 12,15" \
    "$REACH"
tw --db "$DB" partners N --depth 2 --format csv
expect_csv 4 depth city_id city country chain agreements
tw --db "$DB" partners N --depth 2 --format ndjson
expect_ndjson 4
tw --db "$DB" partners N --depth 2
expect_out_has "CHAIN"

# ======================================================================================
section "cousins"

tw --db "$DB" cousins A --format json
expect_rc 0
expect_rows "today: through B only" "C 1 B" "$COUSIN"
tw --db "$DB" cousins A --any --format json
expect_rows "ranked by partners shared" "D 2 E,F | C 1 B" "$COUSIN"
tw --db "$DB" cousins A --on 2005 --format json
expect_rows "in force in 2005" "D 2 E,F | C 1 B" "$COUSIN"
tw --db "$DB" cousins N --format json
expect_rows "a hub's partners, by name" "O 1 M | P 1 M | Q 1 M" "$COUSIN"
tw --db "$DB" cousins N --limit 2 --format json
expect_rows "--limit" "O 1 M | P 1 M" "$COUSIN"
tw --db "$DB" cousins J --format json
expect_rc 0
expect_json_array 0
tw --db "$DB" cousins G --format json
expect_json_array 0
tw --db "$DB" cousins N --format csv
expect_csv 3 city_id city country shared partners partner_ids
tw --db "$DB" cousins N --format ndjson
expect_ndjson 3
tw --db "$DB" cousins N
expect_out_has "SHARED"

# ======================================================================================
section "stats network"

tw --db "$DB" stats network --top 3 --format json
expect_rc 0
expect_rows "every agreement" "cities=18 | linked cities=17 | agreements=15 | links=17 | components=4 | largest component=6 DE,ES,FR,IT,NL,PT | countries not reached=12 AT,BE,CZ,DK,FI,GR,HU,IE,NO,PL,SE,SK | most connected=M:4 SE | most connected=A:3 FR | most connected=D:3 ES | degree=1:4 | degree=2:10 | degree=3:2 | degree=4:1" \
    "$STAT"
tw --db "$DB" stats network --top 1 --active --format json
expect_rows "in force today (4 and 6 not)" "cities=18 | linked cities=17 | agreements=13 | links=15 | components=4 | largest component=6 DE,ES,FR,IT,NL,PT | countries not reached=12 AT,BE,CZ,DK,FI,GR,HU,IE,NO,PL,SE,SK | most connected=M:4 SE | degree=1:7 | degree=2:8 | degree=3:1 | degree=4:1" \
    "$STAT"
tw --db "$DB" stats network --country DE --format json
expect_rows "a filter: the agreements with a party in DE" "cities=18 | linked cities=3 | agreements=2 | links=2 | components=1 | largest component=3 DE,FR,IT | countries not reached=15 AT,BE,CZ,DK,ES,FI,GR,HU,IE,NL,NO,PL,PT,SE,SK | most connected=B:2 DE | most connected=A:1 FR | most connected=C:1 IT | degree=1:2 | degree=2:1" \
    "$STAT"
tw --db "$DB" stats network --kind friendship --format json
expect_rows "a filter no agreement matches" "cities=18 | linked cities=0 | agreements=0 | links=0 | components=0 | largest component=0 | countries not reached=18 AT,BE,CZ,DE,DK,ES,FI,FR,GR,HU,IE,IT,NL,NO,PL,PT,SE,SK" \
    "$STAT"
tw --db "$DB" stats network --format csv
expect_csv 21 measure key value city_id countries
tw --db "$DB" stats network --format ndjson --top 2
expect_ndjson 13
tw --db "$DB" stats network
expect_out_has "MEASURE"

# ======================================================================================
section "bad inputs"

reject 3 "not found" -- --db "$DB" partners Nowhere --depth 2
reject 2 "--depth must be a positive whole number, got '0'" -- --db "$DB" partners A --depth 0
reject 2 "--depth must be a positive whole number, got 'x'" -- --db "$DB" partners A --depth x
reject 3 "not found" -- --db "$DB" path A Nowhere
reject 3 "not found" -- --db "$DB" path Nowhere A
reject 2 "'A' and 'a' are the same city" -- --db "$DB" path A a
reject 2 "--on and --any" -- --db "$DB" path A D --any --on 2005
reject 4 "invalid date" -- --db "$DB" path A D --on 2005-13
reject 2 "missing" -- --db "$DB" path A
reject 3 "not found" -- --db "$DB" cousins Nowhere
reject 2 "--limit must be a positive whole number, got '0'" -- --db "$DB" cousins A --limit 0
reject 2 "--on and --any" -- --db "$DB" cousins A --any --on 2005
reject 2 "--top must be a positive whole number, got 'ten'" -- --db "$DB" stats network --top ten
reject 2 "--on needs --active" -- --db "$DB" stats network --on 2005
reject 4 "unknown country" -- --db "$DB" stats network --country Atlantis

# ======================================================================================
section "the Wikidata subset, against python3"

# python3 computes, from the registry's own export (import merges and skips rows of the
# TSV), what each command must answer, over every agreement (--any: the subset has no end
# dates, but the rule of what is in force is not python's to repeat): breadth-first
# distances, components by labelling, degrees as different partners.
RDB=$(e2e_db "$TMP/net/wikidata.db")
tw --db "$RDB" import "$DATA/sistercities-subset.tsv" --skip-invalid --map \
    city1=origincityLabel,country1=origincountry,city2=sistercityLabel,country2=destination_countryLabel
expect_rc 0
tw --db "$RDB" export --format json
cp "$TMP/out" "$TMP/net/export.json"
cat >"$TMP/net/expect.py" <<'PY'
import json, sys
from collections import deque
reg = json.load(open(sys.argv[1]))
name = {c["id"]: c["name"] for c in reg["cities"]}
country = {c["id"]: c["country"] for c in reg["cities"]}
adj = {}  # city -> set of (agreement, partner)
for a in reg["agreements"]:
    for x in a["parties"]:
        for y in a["parties"]:
            if x != y:
                adj.setdefault(x, set()).add((a["id"], y))
partners = {c: {y for _, y in l} for c, l in adj.items()}
def dist_from(t):
    d, q = {t: 0}, deque([t])
    while q:
        u = q.popleft()
        for v in sorted(partners[u]):
            if v not in d:
                d[v] = d[u] + 1
                q.append(v)
    return d
def path(s, t):
    d = dist_from(t)
    if s not in d:
        return []
    hops, u = [], s
    while u != t:
        a, v = min((a, v) for a, v in adj[u] if d.get(v) == d[u] - 1)
        hops.append("%d:%s>%s" % (a, name[u], name[v]))
        u = v
    return hops
def cousins(c):
    shared = {}
    for p in partners[c]:
        for x in partners[p]:
            if x != c and x not in partners[c]:
                shared.setdefault(x, set()).add(p)
    rows = sorted(shared.items(), key=lambda kv: (-len(kv[1]), name[kv[0]], kv[0]))
    return ["%s %d %s" % (name[x], len(ps), ",".join(name[p] for p in
            sorted(ps, key=lambda p: (name[p], p)))) for x, ps in rows]
# Components by repeated breadth-first labelling.
label = {}
for c in sorted(partners):
    if c not in label:
        for v in dist_from(c):
            label[v] = c
sizes = {}
for c, l in label.items():
    sizes[l] = sizes.get(l, 0) + 1
big = max(sorted(sizes), key=lambda l: sizes[l])
spans = sorted({country[c] for c in label if label[c] == big})
unreached = sorted(set(country.values()) - set(spans))
top = sorted(partners, key=lambda c: (-len(partners[c]), name[c], c))[:5]
hist = {}
for c in partners:
    hist[len(partners[c])] = hist.get(len(partners[c]), 0) + 1
links = sum(len(p) for p in partners.values()) // 2
stats = ["cities=%d" % len(name), "linked cities=%d" % len(partners),
         "agreements=%d" % len(reg["agreements"]), "links=%d" % links,
         "components=%d" % len(sizes), "largest component=%d %s" % (sizes[big], ",".join(spans)),
         "countries not reached=%d %s" % (len(unreached), ",".join(unreached))]
stats += ["most connected=%s:%d %s" % (name[c], len(partners[c]), country[c]) for c in top]
stats += ["degree=%d:%d" % (k, hist[k]) for k in sorted(hist)]
print("stats\t" + " | ".join(stats))
# The hub, the largest component's hub, and ordinary cities: the first by id of each degree
# up to 3.
hub = top[0]
big_hub = min((c for c in label if label[c] == big), key=lambda c: (-len(partners[c]), c))
picked = [hub, big_hub] + [min(c for c in partners if len(partners[c]) == k) for k in (1, 2, 3)
                  if any(len(partners[c]) == k for c in partners)]
for c in picked:
    print("cousins %d\t%s" % (c, " | ".join(cousins(c))))
# Paths from those cities to the farthest and to a middle city of the largest component,
# and one to a city of another component (none).
for s in picked:
    d = dist_from(s)
    far = max(sorted(d), key=lambda v: d[v])
    mid = sorted(d)[len(d) // 2]
    for t in (far, mid):
        if t != s:
            print("path %d %d\t%s" % (s, t, " | ".join(path(s, t))))
other = min(c for c in partners if label[c] != label[hub])
print("path %d %d\t" % (hub, other))
PY
python3 "$TMP/net/expect.py" "$TMP/net/export.json" >"$TMP/net/expected.tsv"
check $? "python3 computes the expectations" 0 "$?"
n_checks=$(wc -l <"$TMP/net/expected.tsv")
[ "$n_checks" -ge 9 ]
check $? "enough cases on real data" ">= 9" "$n_checks"
cp "$TMP/net/expected.tsv" "${NETWORK_KEEP:-/dev/null}" 2>/dev/null
while IFS=$'\t' read -r what want; do
    case $what in
        stats)
            tw --db "$RDB" stats network --top 5 --format json
            expect_rows "as python3 counts" "$want" "$STAT" ;;
        cousins*)
            tw --db "$RDB" cousins "${what#cousins }" --any --format json
            expect_rows "as python3 finds them" "$want" "$COUSIN" ;;
        path*)
            read -r from to <<<"${what#path }"
            tw --db "$RDB" path "$from" "$to" --any --format json
            expect_rc 0
            expect_rows "as python3's breadth-first search" "$want" "$HOPS" ;;
    esac
done <"$TMP/net/expected.tsv"
# In force (no end, no suspension in the subset; undated: in force) is the same network.
tw --db "$RDB" stats network --top 5 --active --format json
expect_rows "in force today: the same network" "$(grep '^stats' "$TMP/net/expected.tsv" | cut -f2)" \
    "$STAT"

e2e_finish 200 200
