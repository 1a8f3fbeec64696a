/* The registry as a graph for other tools (Gephi, networkx, igraph): cities as nodes,
 * agreements as edges, a multi-party agreement as an edge between every pair of its parties
 * (each edge carries the agreement's id). Streamed: the agreements and their parties are read
 * side by side in agreement order, twice when only the cities an edge names are written
 * (GEXF wants every node before the first edge); what is held is a bit per city and the
 * matching agreements' ids when a filter is given, never the document. */
#include "twinreg/io/io.h"

#include "io/export_graph.h"
#include "io/export_output.h"
#include "twinreg/core/natural_key.h"

#include <stdlib.h>
#include <string.h>

/* The agreements to write, in id order: all of them, or the match's ids. */
struct selection {
    int filtered; /* else every agreement */
    int64_t *ids;
    size_t n, next;
};

/* 1 when agreement `id` is selected; ids must come in ascending order. */
static int selected(struct selection *s, int64_t id)
{
    if (!s->filtered)
        return 1;
    while (s->next < s->n && s->ids[s->next] < id)
        s->next++;
    return s->next < s->n && s->ids[s->next] == id;
}

/* The parties of each agreement, read beside the agreements (TR_Q_PARTY_IDS). */
struct parties {
    tr_cursor *rows;
    int has_row;
    int64_t city[TR_MAX_PARTIES];
    int n;
};

static int parties_of(struct parties *p, int64_t id, tr_error *err)
{
    p->n = 0;
    while (p->has_row && tr_cursor_int(p->rows, 0) <= id) {
        if (tr_cursor_int(p->rows, 0) == id && p->n < TR_MAX_PARTIES)
            p->city[p->n++] = tr_cursor_int(p->rows, 1);
        int rc = tr_cursor_next(p->rows, err);
        if (rc < 0)
            return -1;
        p->has_row = rc == 1;
    }
    return 0;
}

static int parties_open(tr_store *store, struct parties *p, tr_error *err)
{
    memset(p, 0, sizeof *p);
    if (tr_cursor_open(store, TR_Q_PARTY_IDS, "cannot export", &p->rows, err) != 0)
        return -1;
    int rc = tr_cursor_next(p->rows, err);
    p->has_row = rc == 1;
    return rc < 0 ? -1 : 0;
}

/* A bit per city id: the cities some written edge names. */
struct city_set {
    unsigned char *bits;
    size_t bytes;
};

static int city_set_add(struct city_set *s, int64_t id)
{
    size_t byte = (size_t)id / 8;
    if (byte >= s->bytes) {
        size_t bytes = (byte + 1) * 2;
        unsigned char *grown = realloc(s->bits, bytes);
        if (!grown)
            return -1;
        memset(grown + s->bytes, 0, bytes - s->bytes);
        s->bits = grown, s->bytes = bytes;
    }
    s->bits[byte] |= (unsigned char)(1u << (id % 8));
    return 0;
}

static int city_set_has(const struct city_set *s, int64_t id)
{
    size_t byte = (size_t)id / 8;
    return byte < s->bytes && (s->bits[byte] >> (id % 8) & 1);
}

/* The cities the selected agreements name (two parties at least: one alone is no edge). */
static int named_cities(tr_store *store, struct selection sel, struct city_set *set, tr_error *err)
{
    struct parties p;
    int status = parties_open(store, &p, err);
    while (status == 0 && p.has_row) {
        int64_t id = tr_cursor_int(p.rows, 0);
        int take = selected(&sel, id);
        if (parties_of(&p, id, err) != 0)
            status = -1;
        for (int i = 0; status == 0 && take && p.n > 1 && i < p.n; i++)
            if (city_set_add(set, p.city[i]) != 0)
                status = tr_error_set(err, TR_IO, "out of memory");
    }
    tr_cursor_close(p.rows);
    return status;
}

static int write_nodes(tr_store *store, const struct graph_dialect *d, FILE *out,
                       const struct city_set *only, tr_error *err)
{
    tr_cursor *c;
    if (tr_cursor_open(store, TR_Q_CITIES, "cannot export", &c, err) != 0)
        return -1;
    int rc;
    while ((rc = tr_cursor_next(c, err)) == 1 && !ferror(out))
        if (!only || city_set_has(only, tr_cursor_int(c, 0)))
            d->node(out, c);
    tr_cursor_close(c);
    return rc < 0 || ferror(out) ? -1 : 0;
}

static int write_edges(tr_store *store, const struct graph_dialect *d, FILE *out,
                       struct selection sel, tr_error *err)
{
    tr_cursor *c = NULL;
    struct parties p;
    int status = parties_open(store, &p, err), rc = 0;
    if (status == 0)
        status = tr_cursor_open(store, TR_Q_AGREEMENTS, "cannot export", &c, err);
    while (status == 0 && (rc = tr_cursor_next(c, err)) == 1 && !ferror(out)) {
        struct graph_edge e = {c, 0, 0, 0};
        int64_t id = tr_cursor_int(c, 0);
        if (!selected(&sel, id))
            continue;
        if (parties_of(&p, id, err) != 0)
            status = -1;
        for (int i = 0; status == 0 && i < p.n; i++)
            for (int j = i + 1; j < p.n; j++) {
                e.a = p.city[i], e.b = p.city[j], e.pair = p.n > 2 ? e.pair + 1 : 0;
                d->edge(out, &e);
            }
    }
    tr_cursor_close(c);
    tr_cursor_close(p.rows);
    return status != 0 || rc < 0 || ferror(out) ? -1 : 0;
}

int tr_export_graph(tr_store *store, FILE *out, const tr_graph_options *opt, tr_error *err)
{
    const struct graph_dialect *d = opt->format == TR_GRAPH_GEXF ? &graph_gexf : &graph_graphml;
    struct selection sel = {0};
    struct city_set named = {0};
    sel.filtered = opt->match != NULL;
    if (opt->match && tr_agreement_match_ids(store, opt->match, &sel.ids, &sel.n, err) != 0)
        return -1;
    int rc = opt->all_cities ? 0 : named_cities(store, sel, &named, err);
    if (rc == 0) {
        d->begin(out);
        d->nodes(out);
        rc = write_nodes(store, d, out, opt->all_cities ? NULL : &named, err);
    }
    if (rc == 0) {
        d->edges(out);
        rc = write_edges(store, d, out, sel, err);
    }
    if (rc == 0)
        d->end(out);
    free(sel.ids);
    free(named.bits);
    if (rc != 0)
        return err->status ? -1 : export_write_failed(out, err);
    return ferror(out) ? export_write_failed(out, err) : 0;
}
