/* Export of the whole registry in the interchange format: sections in dependency order,
 * each record written as soon as it is read. */
#include "twinreg/io.h"

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

static int list_agreements(tr_store *store, tr_row_fn fn, void *ctx, tr_error *err)
{
    tr_agreement_filter all = {.dependency_order = 1};
    return tr_agreement_list(store, &all, fn, ctx, err);
}

static const struct {
    const char *section, *type;
    section_lister list;
} sections[] = {
    {"sources", "source", tr_source_list},
    {"cities", "city", list_cities},
    {"organizations", "organization", tr_org_list},
    {"frameworks", "framework", tr_framework_list},
    {"agreements", "agreement", list_agreements},
    {"programs", "program", tr_program_list},
};

struct writer {
    FILE *out;
    const char *type; /* NDJSON: the record's type; JSON: NULL */
    long count;
};

/* Dumps one record through a buffer reused for the whole export: json_dumpf would call
 * fwrite, with its lock, for every token (a fifth of an export's time). */
static int dump(json_t *rec, FILE *out)
{
    static char *buf;
    static size_t cap;
    size_t n = json_dumpb(rec, buf, cap, TR_JSON_FLAGS);
    if (n > cap) {
        char *grown = realloc(buf, n * 2);
        if (!grown)
            return -1;
        buf = grown, cap = n * 2;
        n = json_dumpb(rec, buf, cap, TR_JSON_FLAGS);
    }
    return n > 0 && fwrite(buf, 1, n, out) == n ? 0 : -1;
}

static int write_record(json_t *rec, void *ctx)
{
    struct writer *w = ctx;
    int rc;
    if (w->type) {
        json_t *typed = json_pack("{s:s}", "type", w->type);
        json_object_update(typed, rec);
        rc = dump(typed, w->out);
        json_decref(typed);
        fputc('\n', w->out);
    } else {
        fputs(w->count ? ",\n  " : "\n  ", w->out);
        rc = dump(rec, w->out);
    }
    w->count++;
    return rc == 0 && !ferror(w->out) ? 0 : -1;
}

static int write_failed(tr_error *err)
{
    return tr_error_set(err, TR_IO, "cannot write the export: %s", "output error");
}

int tr_export_json(tr_store *store, FILE *out, tr_error *err)
{
    fprintf(out, "{\"format\": \"%s\", \"version\": %d", TR_FORMAT_NAME, TR_FORMAT_VERSION);
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
        struct writer w = {out, NULL, 0};
        fprintf(out, ",\n \"%s\": [", sections[i].section);
        if (sections[i].list(store, write_record, &w, err) != 0)
            return err->status ? -1 : write_failed(err);
        fputs(w.count ? "\n ]" : "]", out);
    }
    fputs("\n}\n", out);
    return ferror(out) ? write_failed(err) : 0;
}

int tr_export_ndjson(tr_store *store, FILE *out, tr_error *err)
{
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
        struct writer w = {out, sections[i].type, 0};
        if (sections[i].list(store, write_record, &w, err) != 0)
            return err->status ? -1 : write_failed(err);
    }
    return ferror(out) ? write_failed(err) : 0;
}
