/* Export of the whole registry in the interchange format: sections in dependency order,
 * each record written as soon as it is read. */
#include "twinreg/io.h"

#include "io/export_agreements.h"
#include "twinreg/agreement.h"
#include "twinreg/city.h"
#include "twinreg/framework.h"
#include "twinreg/org.h"
#include "twinreg/program.h"
#include "twinreg/source.h"

#include <stdlib.h>
#include <string.h>

typedef int (*section_lister)(tr_store *store, tr_row_fn fn, void *ctx, tr_error *err);

static int list_cities(tr_store *store, tr_row_fn fn, void *ctx, tr_error *err)
{
    return tr_city_list(store, NULL, fn, ctx, err);
}

static const struct {
    const char *section, *type;
    section_lister list;
} sections[] = {
    {"sources", "source", tr_source_list},
    {"cities", "city", list_cities},
    {"organizations", "organization", tr_org_list},
    {"frameworks", "framework", tr_framework_list},
    {"agreements", "agreement", NULL}, /* write_agreements */
    {"programs", "program", tr_program_list},
};

/* Records on one line each, compact, as SQLite's json_object() writes them. */
#define EXPORT_FLAGS (TR_JSON_FLAGS | JSON_COMPACT)

struct writer {
    FILE *out;
    const char *type; /* NDJSON: the record's type; JSON: NULL */
    long count;
};

/* Writes one record's text framed for its format: an NDJSON line, or an item of a JSON
 * list. */
static int put_record(struct writer *w, const char *text, size_t len)
{
    /* Unlocked: the export is single-threaded, and a lock per call was a tenth of it. */
    if (!w->type)
        fputs_unlocked(w->count ? ",\n  " : "\n  ", w->out);
    fwrite_unlocked(text, 1, len, w->out);
    if (w->type)
        fputc_unlocked('\n', w->out);
    w->count++;
    return ferror(w->out) ? -1 : 0;
}

/* Dumps one record into a buffer reused for the whole export, then writes it once:
 * json_dumpf would call fwrite, with its lock, for every token (a fifth of an export). */
static int dump(struct writer *w, json_t *rec)
{
    static char *buf;
    static size_t cap;
    size_t n = json_dumpb(rec, buf, cap, EXPORT_FLAGS);
    if (n > cap) {
        char *grown = realloc(buf, n * 2);
        if (!grown)
            return -1;
        buf = grown, cap = n * 2;
        n = json_dumpb(rec, buf, cap, EXPORT_FLAGS);
    }
    return n > 0 ? put_record(w, buf, n) : -1;
}

static int write_record(json_t *rec, void *ctx)
{
    struct writer *w = ctx;
    if (!w->type)
        return dump(w, rec);
    json_t *typed = json_pack("{s:s}", "type", w->type);
    json_object_update(typed, rec);
    int rc = dump(w, typed);
    json_decref(typed);
    return rc;
}

/* Agreements in chain order (a registry where some agreement builds on a later one, which
 * an update can make): one json_object() per row, the same record as the merge in
 * export_agreements.c writes (a test compares both with tr_agreement_record). */
#define AGREEMENT_JSON(type_field)                                                                                    \
    "SELECT json_object(" type_field "'id', a.id, 'kind', a.kind, 'title', a.title, "                                 \
    "  'parties', json((SELECT json_group_array(city_id) FROM (SELECT city_id FROM agreement_parties "               \
    "     WHERE agreement_id = a.id ORDER BY city_id))), "                                                            \
    "  'signed_on', a.signed_on, 'in_force_on', a.in_force_on, 'expires_on', a.expires_on, 'ended_on', a.ended_on, " \
    "  'end_reason', a.end_reason, 'builds_on', a.builds_on, "                                                        \
    "  'frameworks', json((SELECT json_group_array(framework_code) FROM (SELECT framework_code "                      \
    "     FROM agreement_frameworks WHERE agreement_id = a.id ORDER BY 1))), "                                        \
    "  'sources', json((SELECT json_group_array(url) FROM (SELECT s.url FROM record_sources r "                      \
    "     JOIN sources s ON s.id = r.source_id WHERE r.record_type = 'agreement' AND r.record_key = CAST(a.id AS TEXT) " \
    "     ORDER BY s.url))), "                                                                                        \
    "  'registration', CASE WHEN a.registered_by IS NULL AND a.registration_number IS NULL AND a.registered_on IS NULL " \
    "     THEN NULL ELSE json_object('authority', a.registered_by, 'number', a.registration_number, "                  \
    "     'registered_on', a.registered_on) END, "                                                                     \
    "  'events', json((SELECT json_group_array(json_object('event', event, 'on', happened_on, 'note', note)) "       \
    "     FROM (SELECT event, happened_on, note FROM agreement_events WHERE agreement_id = a.id "                     \
    "     ORDER BY happened_on, id)))) "                                                                               \
    "FROM agreements a JOIN (WITH RECURSIVE depth(id, d) AS (SELECT id, 0 FROM agreements WHERE builds_on IS NULL "   \
    "  UNION ALL SELECT a.id, depth.d + 1 FROM agreements a JOIN depth ON a.builds_on = depth.id) "                  \
    "  SELECT id, d FROM depth) depth USING (id) ORDER BY depth.d, a.id"

static int put_text(void *w, const char *text, size_t len) { return put_record(w, text, len); }

/* Records come after the ones they build on: ids in order already are, unless an
 * agreement builds on a later one. */
static int write_agreements(tr_store *store, struct writer *w, tr_error *err)
{
    static const char *const chain_sql[2] = {AGREEMENT_JSON(""), AGREEMENT_JSON("'type', 'agreement', ")};
    sqlite3_stmt *stmt;
    if (sqlite3_prepare_v2(tr_store_db(store), "SELECT EXISTS (SELECT 1 FROM agreements WHERE builds_on > id)", -1, &stmt,
                           NULL) != SQLITE_OK)
        return tr_store_fail(store, "cannot export", err);
    int forward = sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_int(stmt, 0);
    sqlite3_finalize(stmt);
    if (!forward)
        return export_agreements_merged(store, put_text, w, w->type != NULL, err);
    if (sqlite3_prepare_v2(tr_store_db(store), chain_sql[w->type != NULL], -1, &stmt, NULL) != SQLITE_OK)
        return tr_store_fail(store, "cannot export", err);
    int rc, status = 0;
    while (status == 0 && (rc = sqlite3_step(stmt)) == SQLITE_ROW)
        status = put_record(w, (const char *)sqlite3_column_text(stmt, 0), (size_t)sqlite3_column_bytes(stmt, 0));
    sqlite3_finalize(stmt);
    if (status == 0 && rc != SQLITE_DONE)
        return tr_store_fail(store, "cannot export", err);
    return status;
}

static int write_failed(tr_error *err)
{
    return tr_error_set(err, TR_IO, "cannot write the export: %s", "output error");
}

static int write_section(tr_store *store, size_t i, struct writer *w, tr_error *err)
{
    return sections[i].list ? sections[i].list(store, write_record, w, err) : write_agreements(store, w, err);
}

int tr_export_json(tr_store *store, FILE *out, tr_error *err)
{
    fprintf(out, "{\"format\": \"%s\", \"version\": %d", TR_FORMAT_NAME, TR_FORMAT_VERSION);
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
        struct writer w = {out, NULL, 0};
        fprintf(out, ",\n \"%s\": [", sections[i].section);
        if (write_section(store, i, &w, err) != 0)
            return err->status ? -1 : write_failed(err);
        fputs(w.count ? "\n ]" : "]", out);
    }
    fputs("\n}\n", out);
    return ferror(out) ? write_failed(err) : 0;
}

/* Framed by a header and an end record with the counts, so that a cut stream (a pipe
 * closed early, an interrupted copy) is told from a whole registry on import. */
int tr_export_ndjson(tr_store *store, FILE *out, tr_error *err)
{
    fprintf(out, "{\"type\":\"header\",\"format\":\"%s\",\"version\":%d}\n", TR_FORMAT_NAME, TR_FORMAT_VERSION);
    long counts[sizeof sections / sizeof sections[0]];
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
        struct writer w = {out, sections[i].type, 0};
        if (write_section(store, i, &w, err) != 0)
            return err->status ? -1 : write_failed(err);
        counts[i] = w.count;
    }
    fputs("{\"type\":\"end\",\"counts\":{", out);
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
        fprintf(out, "%s\"%s\":%ld", i ? "," : "", sections[i].section, counts[i]);
    fputs("}}\n", out);
    return ferror(out) ? write_failed(err) : 0;
}
