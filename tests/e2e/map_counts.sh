# shellcheck shell=bash
# What a map of the registry must draw, counted by SQL apart from the map's code (through
# `twinreg sql`, on either engine): for the e2e and browser suites of `map`. Sourced after
# lib.sh, with $DB set. WHERE is a condition on an agreement id `p.agreement_id` ("1=1": all).

# map_registry WHERE: a small registry of real pairs with coordinates (the Wikidata subset),
# two cities without coordinates and an agreement between them.
map_registry() {
    local data map
    data="$(dirname "${BASH_SOURCE[0]}")/../data/sistercities-subset.tsv"
    map=city1=origincityLabel,country1=origincountry,lat1=originlat,lon1=originlong
    map=$map,city2=sistercityLabel,country2=destination_countryLabel
    map=$map,lat2=destinationlat,lon2=destinationlong
    tw --db "$DB" import "$data" --map "$map" --skip-invalid
    expect_rc 0
    tw --db "$DB" city add Nullmeridian --country DE
    tw --db "$DB" city add Sansgeo --country FR
    tw --db "$DB" agreement add Nullmeridian Sansgeo --signed 2001
    expect_rc 0
}

# map_sql SQL: the one value SQL gives.
map_sql() {
    tw --db "$DB" sql "$1" --format csv
    expect_rc 0
    tail -n 1 "$TMP/out" | tr -d '\r'
}

# The arcs: every two located parties of one agreement.
map_arcs_of() {
    map_sql "SELECT count(*) FROM agreement_parties p JOIN agreement_parties q
        ON q.agreement_id = p.agreement_id AND q.city_id > p.city_id
        JOIN cities a ON a.id = p.city_id JOIN cities b ON b.id = q.city_id
        WHERE a.lat IS NOT NULL AND b.lat IS NOT NULL AND ($1)"
}

# The points: each located party once.
map_cities_of() {
    map_sql "SELECT count(DISTINCT c.id) FROM agreement_parties p JOIN cities c
        ON c.id = p.city_id WHERE c.lat IS NOT NULL AND ($1)"
}

# The parties left out for want of coordinates.
map_unlocated_of() {
    map_sql "SELECT count(DISTINCT c.id) FROM agreement_parties p JOIN cities c
        ON c.id = p.city_id WHERE c.lat IS NULL AND ($1)"
}

# The condition "a party of the agreement is in country CC".
map_in_country() {
    printf "EXISTS (SELECT 1 FROM agreement_parties x JOIN cities y ON y.id = x.city_id
        WHERE x.agreement_id = p.agreement_id AND y.country = '%s')" "$1"
}

# The condition "CITY (a name) is a party of the agreement".
map_with_city() {
    printf "EXISTS (SELECT 1 FROM agreement_parties x JOIN cities y ON y.id = x.city_id
        WHERE x.agreement_id = p.agreement_id AND y.name = '%s')" "$1"
}

# map_count_in FILE TAG: how many TAG elements ("<circle ", "<path d=") FILE holds.
map_count_in() {
    grep -o -- "$2" "$1" | wc -l | tr -d ' '
}
