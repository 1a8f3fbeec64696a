/* The JSON readers of import: the interchange document and NDJSON.
 *
 * The document is held as text, never as one tree: a scanner finds its sections and each
 * record's extent (counting lines, for the messages), and each record is parsed alone
 * when its turn comes. Sections are merged in dependency order whatever their order in
 * the file, and "format" and "version" are checked before anything is merged. */
#include "io/import_run.h"
#include "io/ndjson_pipe.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *section, *type;
} sections[] = {
    {"sources", "source"},       {"cities", "city"},        {"organizations", "organization"},
    {"frameworks", "framework"}, {"decisions", "decision"}, {"agreements", "agreement"},
    {"programs", "program"}};
#define N_SECTIONS (sizeof sections / sizeof sections[0])

struct scan {
    const char *text;
    size_t pos, len;
    long line;
    const char *name;
    tr_error *err;
};

static int syntax(struct scan *s, long line, const char *why)
{
    return tr_error_set(s->err, TR_REJECTED, "cannot import '%s': line %ld: %s", s->name, line,
                        why);
}

static void skip_space(struct scan *s)
{
    for (; s->pos < s->len && strchr(" \t\r\n", s->text[s->pos]) && s->text[s->pos]; s->pos++)
        if (s->text[s->pos] == '\n')
            s->line++;
}

/* Moves past the value at pos (a string, an object or array by bracket depth, or a
 * scalar), counting lines. Only the extent is found here; jansson checks the syntax. */
static int skip_value(struct scan *s)
{
    long first_line = s->line, string_line = 0;
    int depth = 0, in_string = 0;
    if (s->pos >= s->len)
        return syntax(s, s->line, "truncated JSON: the file ends where a value should be");
    for (; s->pos < s->len; s->pos++) {
        char c = s->text[s->pos];
        if (c == '\n')
            s->line++;
        if (in_string) {
            if (c == '\\') {
                s->pos++;
            } else if (c == '"') {
                in_string = 0;
                if (depth == 0)
                    return s->pos++, 0;
            }
        } else if (c == '"') {
            in_string = 1;
            string_line = s->line;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if (c == '}' || c == ']') {
            if (depth == 0)
                return 0; /* the end of a scalar, not part of it */
            if (--depth == 0)
                return s->pos++, 0;
        } else if (depth == 0 && (c == ',' || c == ':' || strchr(" \t\r\n", c))) {
            return 0;
        }
    }
    if (depth == 0 && !in_string)
        return 0;
    char why[160];
    if (in_string)
        snprintf(why, sizeof why,
                 "truncated JSON: the file ends inside the string opened on line %ld", string_line);
    else
        snprintf(why, sizeof why,
                 "truncated JSON: the file ends inside the value opened on line %ld", first_line);
    return syntax(s, s->line, why);
}

/* Parses the value at pos and moves past it. New reference, or NULL (err set). */
static json_t *read_value(struct scan *s)
{
    size_t start = s->pos;
    long line = s->line;
    if (skip_value(s) != 0)
        return NULL;
    json_error_t jerr;
    json_t *v = json_loadb(s->text + start, s->pos - start,
                           JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &jerr);
    if (!v)
        syntax(s, line + (jerr.line > 0 ? jerr.line - 1 : 0), jerr.text);
    return v;
}

/* Expects one of `chars` after optional space; returns it, or 0 (err set). */
static char expect(struct scan *s, const char *chars, const char *why)
{
    skip_space(s);
    if (s->pos < s->len && s->text[s->pos] && strchr(chars, s->text[s->pos]))
        return s->text[s->pos++];
    syntax(s, s->line, s->pos >= s->len ? "truncated JSON: the document ends too early" : why);
    return 0;
}

struct section_at {
    size_t pos;
    long line;
    int present;
};

/* The first pass: the top-level object's fields, their syntax, format and version. */
static int scan_document(struct scan *s, struct section_at *at)
{
    json_t *format = NULL, *version = NULL;
    int rc = -1;
    if (!expect(s, "{", "not an interchange document: expected a JSON object"))
        return -1;
    skip_space(s);
    if (s->pos < s->len && s->text[s->pos] == '}') {
        s->pos++;
    } else {
        for (;;) {
            skip_space(s);
            long key_line = s->line;
            json_t *key = read_value(s);
            if (!key)
                goto done;
            char name[64];
            snprintf(name, sizeof name, "%s", json_is_string(key) ? json_string_value(key) : "");
            json_decref(key);
            if (!*name) {
                syntax(s, key_line, "expected a field name");
                goto done;
            }
            if (!expect(s, ":", "expected ':' after a field name"))
                goto done;
            skip_space(s);
            size_t i = 0;
            while (i < N_SECTIONS && strcmp(name, sections[i].section) != 0)
                i++;
            char why[128];
            if (i < N_SECTIONS) {
                if (at[i].present) {
                    snprintf(why, sizeof why, "\"%s\" is given twice", name);
                    syntax(s, key_line, why);
                    goto done;
                }
                if (s->pos >= s->len || s->text[s->pos] != '[') {
                    snprintf(why, sizeof why, "\"%s\" must be a list", name);
                    syntax(s, s->line, why);
                    goto done;
                }
                at[i] = (struct section_at){s->pos, s->line, 1};
                if (skip_value(s) != 0)
                    goto done;
            } else if (strcmp(name, "format") == 0 || strcmp(name, "version") == 0) {
                json_t **slot = name[0] == 'f' ? &format : &version;
                json_decref(*slot);
                if (!(*slot = read_value(s)))
                    goto done;
            } else {
                snprintf(why, sizeof why, "unknown field '%.60s' in the document", name);
                syntax(s, key_line, why);
                goto done;
            }
            char c = expect(s, ",}", "expected ',' or '}' after a field");
            if (!c)
                goto done;
            if (c == '}')
                break;
        }
    }
    skip_space(s);
    if (s->pos < s->len) {
        syntax(s, s->line, "unexpected text after the document");
        goto done;
    }
    if (!json_is_string(format) || strcmp(json_string_value(format), TR_FORMAT_NAME) != 0)
        tr_error_set(s->err, TR_REJECTED,
                     "cannot import '%s': not an interchange document: \"format\" must be \"%s\"",
                     s->name, TR_FORMAT_NAME);
    else if (!json_is_integer(version) || json_integer_value(version) != TR_FORMAT_VERSION)
        tr_error_set(s->err, TR_REJECTED,
                     "cannot import '%s': unsupported interchange version: expected %d", s->name,
                     TR_FORMAT_VERSION);
    else
        rc = 0;
done:
    json_decref(format);
    json_decref(version);
    return rc;
}

static int import_section(tr_import *im, struct scan *s, const struct section_at *at, size_t i)
{
    const char *type = sections[i].type;
    s->pos = at->pos + 1; /* past '[' */
    s->line = at->line;
    skip_space(s);
    if (s->text[s->pos] == ']')
        return 0;
    for (;;) {
        skip_space(s);
        long line = s->line;
        json_t *rec = read_value(s);
        if (!rec)
            return -1;
        json_t *declared = json_object_get(rec, "type");
        int rc;
        im->current.type = run_type_index(type);
        im->current.section = sections[i].section;
        im->current.rec = rec;
        if (declared &&
            (!json_is_string(declared) || strcmp(json_string_value(declared), type) != 0)) {
            char why[160];
            snprintf(why, sizeof why, "a record typed '%.40s' among the %s records",
                     json_is_string(declared) ? json_string_value(declared) : "?", type);
            run_invalid(im, line, why);
            rc = 0;
        } else {
            rc = run_record(im, line, type, rec, s->err);
        }
        json_decref(rec);
        if (rc != 0)
            return -1;
        char c = expect(s, ",]", "expected ',' or ']' after a record");
        if (!c)
            return -1;
        if (c == ']')
            return 0;
    }
}

int import_json_document(tr_import *im, tr_error *err)
{
    struct scan s = {.line = 1, .name = im->reader.name, .err = err};
    if (!(s.text = reader_all(&im->reader, &s.len, err)))
        return -1;
    if (strlen(s.text) != s.len)
        return tr_error_set(err, TR_REJECTED, "cannot import '%s': a NUL byte in the data", s.name);
    struct section_at at[N_SECTIONS] = {{0}};
    if (scan_document(&s, at) != 0)
        return -1;
    for (size_t i = 0; i < N_SECTIONS; i++)
        if (at[i].present && import_section(im, &s, &at[i], i) != 0)
            return -1;
    return 0;
}

/* The frame of a twinreg NDJSON export: a header first, an end record with the counts
 * last. A file that starts with the header must end with a matching end record: a cut
 * export is refused whole, where it would import as if it were the registry. A file
 * without a header (another tool's) is read as it is. */
enum frame_state { FRAME_FIRST, FRAME_NONE, FRAME_OPEN, FRAME_ENDED };
struct frame {
    enum frame_state state;
    long counts[N_SECTIONS]; /* records of each type since the header */
};

static int frame_refused(tr_import *im, long line, const char *why, tr_error *err)
{
    return tr_error_set(err, TR_REJECTED, "cannot import '%s': line %ld: %s", im->reader.name, line,
                        why);
}

static int check_header(tr_import *im, long line, json_t *rec, tr_error *err)
{
    json_t *format = json_object_get(rec, "format"), *version = json_object_get(rec, "version");
    if (!json_is_string(format) || strcmp(json_string_value(format), TR_FORMAT_NAME) != 0)
        return frame_refused(
            im, line, "not a twinreg NDJSON header: \"format\" must be \"" TR_FORMAT_NAME "\"",
            err);
    if (!json_is_integer(version) || json_integer_value(version) != TR_FORMAT_VERSION) {
        char why[96];
        snprintf(why, sizeof why, "unsupported interchange version: expected %d",
                 TR_FORMAT_VERSION);
        return frame_refused(im, line, why, err);
    }
    return 0;
}

/* The end record's counts against the records read (types it does not name: 0). */
static int check_end(tr_import *im, long line, json_t *rec, const struct frame *f, tr_error *err)
{
    json_t *counts = json_object_get(rec, "counts");
    if (!json_is_object(counts))
        return frame_refused(im, line, "the end record needs \"counts\" (an object)", err);
    for (size_t i = 0; i < N_SECTIONS; i++) {
        json_t *n = json_object_get(counts, sections[i].section);
        if (n && !json_is_integer(n))
            return frame_refused(im, line, "the end record's counts must be integers", err);
        long long want = n ? json_integer_value(n) : 0;
        if (want != f->counts[i]) {
            char why[160];
            snprintf(why, sizeof why,
                     "the file is incomplete or altered: the end record counts %lld %s, the file "
                     "has %ld",
                     want, sections[i].section, f->counts[i]);
            return frame_refused(im, line, why, err);
        }
    }
    return 0;
}

/* Takes the header and end records, and counts the others. 1 when the line was the
 * frame's (not a record to merge), 0 for a record, -1 when the file is refused. */
static int frame_line(tr_import *im, struct frame *f, const ndjson_line *l, const char *type,
                      tr_error *err)
{
    int first = f->state == FRAME_FIRST;
    if (first)
        f->state = FRAME_NONE;
    if (f->state == FRAME_ENDED)
        return frame_refused(im, l->line, "a record after the end record", err);
    if (type && strcmp(type, "header") == 0) {
        if (!first)
            return frame_refused(im, l->line, "a header record is only the first line", err);
        f->state = FRAME_OPEN;
        return check_header(im, l->line, l->rec, err) != 0 ? -1 : 1;
    }
    if (type && strcmp(type, "end") == 0) {
        if (f->state != FRAME_OPEN)
            return frame_refused(im, l->line, "an end record without a header on the first line",
                                 err);
        f->state = FRAME_ENDED;
        return check_end(im, l->line, l->rec, f, err) != 0 ? -1 : 1;
    }
    for (size_t i = 0; type && f->state == FRAME_OPEN && i < N_SECTIONS; i++)
        if (strcmp(type, sections[i].type) == 0)
            f->counts[i]++;
    return 0;
}

int import_ndjson(tr_import *im, tr_error *err)
{
    ndjson_pipe *pipe = ndjson_pipe_start(&im->reader, err);
    if (!pipe)
        return -1;
    ndjson_line l;
    struct frame f = {FRAME_FIRST, {0}};
    long last_line = 0;
    int rc = 0;
    while (rc == 0 && ndjson_pipe_next(pipe, &l, err)) {
        json_t *type = json_object_get(l.rec, "type");
        last_line = l.line;
        im->current.type = run_type_index(json_string_value(type));
        im->current.rec = l.rec;
        im->current.text = l.text, im->current.text_len = l.text_len;
        int framed = frame_line(im, &f, &l, json_string_value(type), err);
        if (framed != 0)
            rc = framed < 0 ? -1 : 0;
        else if (!l.rec)
            run_invalid(im, l.line, l.why);
        else if (!json_is_string(type))
            run_invalid(im, l.line,
                        "a record needs a \"type\" (source, city, organization, framework, "
                        "agreement, program)");
        else
            rc = run_record(im, l.line, json_string_value(type), l.rec, err);
    }
    ndjson_pipe_stop(pipe);
    if (rc == 0 && !err->status && f.state == FRAME_OPEN)
        rc = frame_refused(im, last_line,
                           "the file is cut: it starts with a twinreg header but has no end record",
                           err);
    return rc != 0 || err->status ? -1 : 0;
}
