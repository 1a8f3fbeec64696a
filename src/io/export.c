/* Export of the whole registry in the interchange format: sections in dependency order,
 * each record written as soon as it is read. */
#include "twinreg/io/io.h"

#include "io/export_agreements.h"
#include "io/export_output.h"
#include "twinreg/store/agreement.h"
#include "twinreg/store/agreement_record.h"
#include "twinreg/store/city.h"
#include "twinreg/store/cursor.h"
#include "twinreg/store/decision.h"
#include "twinreg/store/framework.h"
#include "twinreg/store/org.h"
#include "twinreg/store/program.h"
#include "twinreg/store/source.h"

#include <stdlib.h>
#include <string.h>

typedef int (*section_lister)(tr_store *store, tr_row_fn fn, void *ctx, tr_error *err);

static int list_cities(tr_store *store, tr_row_fn fn, void *ctx, tr_error *err)
{
    return tr_city_list(store, NULL, fn, ctx, err);
}

/* `optional`: a section newer than the interchange format's first version, written only
 * when it has a record, so that a registry without any exports as before. */
static const struct {
    const char *section, *type;
    section_lister list;
    int optional;
} sections[] = {
    {"sources", "source", tr_source_list, 0},
    {"cities", "city", list_cities, 0},
    {"organizations", "organization", tr_org_list, 0},
    {"frameworks", "framework", tr_framework_list, 0},
    {"decisions", "decision", tr_decision_list, 1},
    {"agreements", "agreement", NULL, 0}, /* write_agreements */
    {"programs", "program", tr_program_list, 0},
};

/* Records on one line each, compact, as SQLite's json_object() writes them. */
#define EXPORT_FLAGS (TR_JSON_FLAGS | JSON_COMPACT)

struct writer {
    FILE *out;
    const char *type; /* NDJSON: the record's type; JSON: NULL */
    long count;
    const char *section; /* JSON: the section's key, written with its first record */
};

/* Writes one record's text framed for its format: an NDJSON line, or an item of a JSON
 * list. */
static int put_record(struct writer *w, const char *text, size_t len)
{
    /* Unlocked: the export is single-threaded, and a lock per call was a tenth of it. */
    if (!w->type && !w->count && w->section)
        fprintf(w->out, ",\n \"%s\": [", w->section);
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

static int put_text(void *w, const char *text, size_t len) { return put_record(w, text, len); }

/* Records come after the ones they build on: ids in order already are, unless an
 * agreement builds on a later one (an update can make one). */
static int write_agreements(tr_store *store, struct writer *w, tr_error *err)
{
    tr_cursor *c;
    int forward = export_builds_forward(store, err);
    if (forward < 0)
        return -1;
    if (!forward)
        return export_agreements_merged(store, put_text, w, w->type != NULL, err);
    /* In chain order, each record with its lists looked up, by the same serializer. */
    if (tr_cursor_open(store, TR_Q_AGREEMENTS_CHAINED, "cannot export", &c, err) != 0)
        return -1;
    struct text t = {0};
    int rc, status = 0;
    while (status == 0 && (rc = tr_cursor_next(c, err)) == 1) {
        t.len = 0;
        if (tr_agreement_write(&t, c, w->type != NULL, tr_agreement_list_by_id, store, err) != 0)
            status = -1;
        else if (t.failed)
            status = tr_error_set(err, TR_IO, "out of memory");
        else
            status = put_record(w, t.data, t.len);
    }
    tr_cursor_close(c);
    free(t.data);
    return status == 0 && rc < 0 ? -1 : status;
}

static int write_section(tr_store *store, size_t i, struct writer *w, tr_error *err)
{
    return sections[i].list ? sections[i].list(store, write_record, w, err)
                            : write_agreements(store, w, err);
}

int tr_export_json(tr_store *store, FILE *out, tr_error *err)
{
    fprintf(out, "{\"format\": \"%s\", \"version\": %d", TR_FORMAT_NAME, TR_FORMAT_VERSION);
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
        struct writer w = {out, NULL, 0, sections[i].section};
        if (!sections[i].optional)
            fprintf(out, ",\n \"%s\": [", sections[i].section), w.section = NULL;
        if (write_section(store, i, &w, err) != 0)
            return err->status ? -1 : export_write_failed(out, err);
        if (w.count || !sections[i].optional)
            fputs(w.count ? "\n ]" : "]", out);
    }
    fputs("\n}\n", out);
    return ferror(out) ? export_write_failed(out, err) : 0;
}

/* Framed by a header and an end record with the counts, so that a cut stream (a pipe
 * closed early, an interrupted copy) is told from a whole registry on import. */
int tr_export_ndjson(tr_store *store, FILE *out, tr_error *err)
{
    fprintf(out, "{\"type\":\"header\",\"format\":\"%s\",\"version\":%d}\n", TR_FORMAT_NAME,
            TR_FORMAT_VERSION);
    long counts[sizeof sections / sizeof sections[0]];
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
        struct writer w = {out, sections[i].type, 0, NULL};
        if (write_section(store, i, &w, err) != 0)
            return err->status ? -1 : export_write_failed(out, err);
        counts[i] = w.count;
    }
    fputs("{\"type\":\"end\",\"counts\":{", out);
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
        if (counts[i] || !sections[i].optional)
            fprintf(out, "%s\"%s\":%ld", i ? "," : "", sections[i].section, counts[i]);
    fputs("}}\n", out);
    return ferror(out) ? export_write_failed(out, err) : 0;
}
