#!/usr/bin/env bash
# End-to-end tests of export --format graphml|gexf (issue 17, "For other tools"): each file
# read back by a real reader (networkx: tests/e2e/graph_read.py compares it with the JSON
# export), a multi-party agreement as an edge per pair, the filters, --all-cities, names
# that XML must escape, and the bad inputs with their exit status, database unchanged.
# Usage: bash tests/e2e/graph.sh /path/to/twinreg
# Runs in a fresh temporary folder, removed on exit; on a server with E2E_ENGINE=postgresql.
# Prints one line per failed check and, last, "N passed, M failed"; exits 1 on any failure.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
e2e_setup "graph.sh" "$@"
DATA="$HERE/../data"

mkdir -p "$TMP/graph"
DB=$(e2e_db "$TMP/graph/registry.db")
# The reference data set (Seoul–Mexico City's three agreements), with coordinates, the
# subset of the Wikidata extract (with its coordinates), a name XML must escape in a
# non-Latin script, and an agreement of three parties.
tw --db "$DB" init --sample
expect_rc 0
tw --db "$DB" city update Seoul --lat 37.5665 --lon 126.978 --wikidata Q8684
expect_rc 0
tw --db "$DB" city update 'Mexico City' --lat 19.4326 --lon -99.1332
expect_rc 0
tw --db "$DB" import "$DATA/sistercities-subset.tsv" --skip-invalid \
    --map city1=origincityLabel,country1=origincountry,lat1=originlat,lon1=originlong \
    --map city2=sistercityLabel,country2=destination_countryLabel,lat2=destinationlat,lon2=destinationlong
expect_rc 0
ODD='Шумен & <Σ> "Q" '"'"'é'"'"' 東京'
tw --db "$DB" city add "$ODD" --country BG --region 'Reg & <ion>' --lat 43.27 --lon 26.92
expect_rc 0
tw --db "$DB" city add 'Alone' --country BG
expect_rc 0
tw --db "$DB" agreement add "$ODD" Seoul 'Mexico City' --signed 2001-02-03 --kind friendship \
    --title 'Three & <script>alert(1)</script> "parties"'
expect_rc 0
TRI=$(tw --db "$DB" agreement list --city Seoul --kind friendship --format json && ids_of id)

# read_back FORMAT [OPTIONS...]: exports FORMAT with OPTIONS and reads it with networkx,
# which compares it with the JSON export (graph_read.py is given the same filters).
read_back() {
    local format=$1
    shift
    tw --db "$DB" export --format "$format" "$@"
    expect_rc 0
    cp "$TMP/out" "$TMP/graph/out.$format"
    python3 "$HERE/graph_read.py" "$format" "$TMP/graph/out.$format" "$TMP/graph/all.json" "$@" \
        >"$TMP/graph/read" 2>&1
    check $? "networkx reads $format $* as the registry holds it" "no mismatch" \
        "$(head -c 600 "$TMP/graph/read")"
}

tw --db "$DB" export
expect_rc 0
cp "$TMP/out" "$TMP/graph/all.json"
CITIES=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["cities"]))' \
    "$TMP/graph/all.json")

# ======================================================================================
section "graphml and gexf read back by networkx"

for f in graphml gexf; do
    read_back "$f"
    read_back "$f" --kind sister-city
    read_back "$f" --country KR
    read_back "$f" --all-cities
    grep -q "^nodes $CITIES " "$TMP/graph/read"
    check $? "$f --all-cities: every city a node" "nodes $CITIES" "$(cat "$TMP/graph/read")"
done

# Seoul–Mexico City, the name that needs escaping and the three parties, checked by name.
python3 - "$TMP/graph/out.graphml" "$TMP/graph/out.gexf" "$ODD" "$TRI" >"$TMP/graph/pair" 2>&1 <<'PY'
import sys
import networkx as nx
gml, gexf = nx.read_graphml(sys.argv[1]), nx.read_gexf(sys.argv[2])
odd, tri = sys.argv[3], int(sys.argv[4])
for G, name in ((gml, "name"), (gexf, "label")):
    by = {d[name]: n for n, d in G.nodes(data=True)}
    s, m = by["Seoul"], by["Mexico City"]
    kinds = sorted((d["signed_on"], d["kind"], d["agreement"]) for d in G.get_edge_data(s, m).values())
    print(kinds[:3])
    print(G.nodes[s]["lat"], G.nodes[s]["lon"], G.nodes[s].get("wikidata"), G.nodes[m]["country"])
    print(by[odd] in G, G.nodes[by[odd]]["region"])
    tri_edges = sorted(sorted((u == by[odd], v == by[odd])) for u, v, d in G.edges(data=True)
                       if d["agreement"] == tri)
    print(len(tri_edges), {d["title"] for u, v, d in G.edges(data=True) if d["agreement"] == tri})
PY
check $? "networkx reads the named checks" "exit 0" "$(head -c 600 "$TMP/graph/pair")"
want="[('1992', 'sister-city', 1), ('2001-02-03', 'friendship', $TRI), ('2010', 'cooperation', 2)]
37.5665 126.978 Q8684 MX
True Reg & <ion>
3 {'Three & <script>alert(1)</script> \"parties\"'}"
[ "$(head -n 4 "$TMP/graph/pair")" = "$want" ] && [ "$(tail -n 4 "$TMP/graph/pair")" = "$want" ]
check $? "Seoul–Mexico City's edges, coordinates, the escaped name, three edges of three parties" \
    "$want" "$(cat "$TMP/graph/pair")"

# Escaped in the file itself, not only read back.
tw --db "$DB" export --format graphml
expect_out_has '&lt;script&gt;alert(1)&lt;/script&gt; &quot;parties&quot;'
expect_out_lacks '<script>'
expect_out_has '<key id="lat" for="node" attr.name="lat" attr.type="double"/>'
expect_out_lacks 'Alone'
tw --db "$DB" export --format gexf
expect_out_has 'version="1.3"'
expect_out_has '<viz:position x="126.978" y="37.5665" z="0.0"/>'

# A filter that matches nothing: an empty graph networkx still reads.
read_back graphml --kind memorandum
grep -q "^nodes 0 edges 0" "$TMP/graph/read"
check $? "no match: an empty graph" "nodes 0 edges 0" "$(cat "$TMP/graph/read")"

# --active: an agreement ended is no edge; --output writes the same bytes as stdout.
tw --db "$DB" agreement end 1 --on 2000-01-01 --reason test
expect_rc 0
tw --db "$DB" export --format graphml --active
expect_rc 0
expect_out_lacks 'id="a1"'
expect_out_has 'id="a2"'
tw --db "$DB" export --format gexf --active --on 1999-01-01
expect_out_has 'id="a1"'
expect_out_lacks 'id="a2"'
tw --db "$DB" export --format gexf
cp "$TMP/out" "$TMP/graph/stdout.gexf"
tw --db "$DB" export --format gexf --output "$TMP/graph/file.gexf"
expect_rc 0
cmp -s "$TMP/graph/stdout.gexf" "$TMP/graph/file.gexf"
check $? "export --format gexf --output: the bytes of stdout" "identical" "differ"

# The registry refuses control characters, but holds U+FFFF and U+007F, which XML 1.0 (and
# HTML) cannot carry even as references: U+FFFD in the file, which stays well-formed.
tw --db "$DB" city add "$(printf 'Ctrl\001Town')" --country BG
expect_rc 4
NONCHAR=$(printf 'Non\xef\xbf\xbfchar\x7fTown')
tw --db "$DB" city add "$NONCHAR" --country BG
expect_rc 0
tw --db "$DB" agreement add "$NONCHAR" Seoul --signed 2020
expect_rc 0
tw --db "$DB" export
cp "$TMP/out" "$TMP/graph/all.json"
read_back graphml
read_back gexf
tw --db "$DB" export --format graphml
expect_out_has "$(printf 'Non\xef\xbf\xbdchar\xef\xbf\xbdTown')"

# ======================================================================================
section "bad input: the exit status, one message, the registry unchanged"

reject 2 "the filters and --all-cities are for --format graphml or gexf" \
    -- --db "$DB" export --kind sister-city
reject 2 "the filters and --all-cities are for --format graphml or gexf" \
    -- --db "$DB" export --format csv --all-cities
reject 2 "unknown export format 'dot'" -- --db "$DB" export --format dot
reject 2 "--on needs --active" -- --db "$DB" export --format graphml --on 2020-01-01
reject 4 "unknown kind 'twin'" -- --db "$DB" export --format gexf --kind twin
reject 4 "Atlantis" -- --db "$DB" export --format graphml --country Atlantis
reject 4 "invalid date" -- --db "$DB" export --format graphml --since 2020-02-30
reject 2 "--since 2021 is after --until 2020" -- --db "$DB" export --format gexf --since 2021 --until 2020

e2e_finish 60 60
