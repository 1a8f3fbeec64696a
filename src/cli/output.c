/* Rendering rows as an aligned table, JSON array, NDJSON, CSV or TSV. Tables are for people
 * (sized to their content, long cells cut with an ellipsis); the other formats carry every
 * field of the record, unabridged. */
#include "cli/cli.h"
#include "cli/order.h"

#include "twinreg/core/utf8.h"
#include "twinreg/io/io.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

void cli_notice(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("twinreg: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* --color: auto (the default) unless the user said always or never. */
static enum { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER } color_mode;

int color_choose(const char *value)
{
    static const char *const names[] = {"auto", "always", "never"};
    for (int i = 0; i < 3; i++)
        if (strcmp(value, names[i]) == 0) {
            color_mode = i;
            return 0;
        }
    return -1;
}

/* auto: a terminal that can show it (TERM=dumb cannot), unless NO_COLOR says no
 * (no-color.org); always and never are the user's word, over NO_COLOR. */
int color_enabled(void)
{
    if (color_mode != COLOR_AUTO)
        return color_mode == COLOR_ALWAYS;
    const char *no = getenv("NO_COLOR"), *term = getenv("TERM");
    return isatty(STDOUT_FILENO) && !(no && *no) && !(term && strcmp(term, "dumb") == 0);
}

/* Decodes one character by core's one UTF-8 rule; returns its length (1 for an invalid
 * byte, shown as '?'). */
static int utf8_next(const char *s, wchar_t *wc)
{
    uint32_t cp;
    size_t n = tr_utf8_decode(s, strnlen(s, 4), &cp);
    *wc = n ? (wchar_t)cp : L'?';
    return n ? (int)n : 1;
}

int display_width(const char *s)
{
    int width = 0;
    while (*s) {
        wchar_t wc;
        s += utf8_next(s, &wc);
        int w = wcwidth(wc);
        width += w < 0 ? 1 : w;
    }
    return width;
}

/* A copy of s cut to at most max columns, ending with "…" when cut. */
static char *fit(const char *s, int max)
{
    if (max <= 0 || display_width(s) <= max)
        return strdup(s);
    size_t len = strlen(s);
    char *out = malloc(len + 4);
    if (!out)
        return NULL;
    int width = 0;
    size_t i = 0;
    while (s[i]) {
        wchar_t wc;
        int n = utf8_next(s + i, &wc);
        int w = wcwidth(wc);
        if (width + (w < 0 ? 1 : w) > max - 1)
            break;
        width += w < 0 ? 1 : w;
        i += (size_t)n;
    }
    memcpy(out, s, i);
    memcpy(out + i, "\xe2\x80\xa6", 4);
    return out;
}

/* A growing text, for plain(): NULL data once out of memory. */
struct joined {
    char *data;
    size_t len, cap;
};

static void join_text(struct joined *j, const char *s, size_t n)
{
    if (!j->data)
        return;
    if (j->len + n + 1 > j->cap) {
        size_t cap = (j->len + n + 1) * 2;
        char *grown = realloc(j->data, cap);
        if (!grown) {
            free(j->data);
            j->data = NULL;
            return;
        }
        j->data = grown, j->cap = cap;
    }
    memcpy(j->data + j->len, s, n);
    j->len += n;
    j->data[j->len] = '\0';
}

static char *plain(json_t *v, size_t *len);

/* An item of a list: an alias {name, lang} as "Séoul@fr", a string or number as itself. */
static void join_item(struct joined *j, json_t *item)
{
    if (json_is_string(item)) {
        join_text(j, json_string_value(item), json_string_length(item));
    } else if (json_is_object(item) && json_is_string(json_object_get(item, "name"))) {
        json_t *name = json_object_get(item, "name"), *lang = json_object_get(item, "lang");
        join_text(j, json_string_value(name), json_string_length(name));
        if (json_is_string(lang)) {
            join_text(j, "@", 1);
            join_text(j, json_string_value(lang), json_string_length(lang));
        }
    } else {
        size_t len = 0;
        char *s = plain(item, &len);
        join_text(j, s ? s : "", len);
        free(s);
    }
}

/* A copy of the n bytes at s, NUL bytes included, with a NUL after them. */
static char *copy_bytes(const char *s, size_t n)
{
    char *copy = malloc(n + 1);
    if (copy) {
        memcpy(copy, s, n);
        copy[n] = '\0';
    }
    return copy;
}

/* A field as plain text of *len bytes: strings as they are (a NUL byte in one is kept, so
 * the length counts, not the terminator), arrays joined by "; ", null as "". NULL when out
 * of memory. */
static char *plain(json_t *v, size_t *len)
{
    char *text;
    if (!v || json_is_null(v))
        text = strdup("");
    else if (json_is_string(v))
        return *len = json_string_length(v), copy_bytes(json_string_value(v), *len);
    else if (json_is_array(v)) {
        struct joined j = {malloc(64), 0, 64};
        if (j.data)
            j.data[0] = '\0';
        size_t i;
        json_t *item;
        json_array_foreach (v, i, item) {
            if (i)
                join_text(&j, "; ", 2);
            join_item(&j, item);
        }
        return *len = j.data ? j.len : 0, j.data;
    } else if (json_is_integer(v)) { /* the common case (ids, counts), without the encoder */
        text = malloc(24);
        if (text)
            snprintf(text, 24, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    } else
        text = json_dumps(v, JSON_ENCODE_ANY | TR_JSON_FLAGS);
    *len = text ? strlen(text) : 0;
    return text;
}

/* Text for a terminal: each control character (a NUL, a line break, a tab inside a value)
 * becomes its Unicode control picture (U+2400 + c, U+2421 for DEL), so a value keeps its
 * bytes visible and its row on one line. Takes the n bytes at s; a new string, or NULL. */
static char *visible(const char *s, size_t n)
{
    char *out = malloc(n * 3 + 1); /* a picture is 3 bytes */
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f) {
            unsigned picture = c == 0x7f ? 0x2421 : 0x2400 + c;
            out[o++] = (char)(0xe0 | (picture >> 12));
            out[o++] = (char)(0x80 | ((picture >> 6) & 0x3f));
            out[o++] = (char)(0x80 | (picture & 0x3f));
        } else
            out[o++] = (char)c;
    }
    out[o] = '\0';
    return out;
}

/* A field of a row as table text: plain, then visible. */
static char *cell_text(json_t *v)
{
    size_t len = 0;
    char *raw = plain(v, &len);
    char *text = raw ? visible(raw, len) : NULL;
    free(raw);
    return text;
}

/* --no-headers; a caller without a context (the fuzz target of the renderer) keeps them. */
static int no_headers(const struct cli_ctx *ctx) { return ctx && ctx->no_headers; }

static void csv_row(FILE *out, enum out_format format, json_t *row, const char *const *fields)
{
    for (int i = 0; fields[i]; i++) {
        size_t len = 0;
        char *s = plain(json_object_get(row, fields[i]), &len);
        if (i)
            tr_delimited_separator(out, format == OUT_TSV);
        if (s)
            tr_delimited_celln(out, format == OUT_TSV, s, len);
        free(s);
    }
    tr_delimited_end(out, format == OUT_TSV);
}

static void csv_header(struct cli_ctx *ctx, FILE *out, enum out_format format,
                       const char *const *fields)
{
    if (no_headers(ctx))
        return;
    for (int i = 0; fields[i]; i++) {
        if (i)
            tr_delimited_separator(out, format == OUT_TSV);
        tr_delimited_celln(out, format == OUT_TSV, fields[i], strlen(fields[i]));
    }
    tr_delimited_end(out, format == OUT_TSV);
}

static int ncolumns(const struct out_column *c)
{
    int n = 0;
    while (c[n].header)
        n++;
    return n;
}

void out_list_begin(struct out_list *list, struct cli_ctx *ctx, enum out_format format,
                    const struct out_column *columns, const char *const *fields)
{
    memset(list, 0, sizeof *list);
    list->ctx = ctx;
    list->format = format;
    list->columns = columns;
    list->fields = fields;
    if (format == OUT_JSON)
        fputc('[', stdout);
    else if (OUT_DELIMITED(format))
        csv_header(ctx, stdout, format, fields);
}

int out_list_row(json_t *row, void *data)
{
    struct out_list *list = data;
    int taken = out_order_take(list, row);
    if (taken)
        return taken < 0 ? -1 : 0;
    switch (list->format) {
    case OUT_JSON:
        fputs(list->rows ? ",\n" : "\n", stdout);
        json_dumpf(row, stdout, TR_JSON_FLAGS);
        break;
    case OUT_NDJSON:
        json_dumpf(row, stdout, TR_JSON_FLAGS);
        fputc('\n', stdout);
        break;
    case OUT_CSV:
    case OUT_TSV:
        csv_row(stdout, list->format, row, list->fields);
        break;
    case OUT_MARKDOWN: /* only a document has it (report), never a list: the table says so */
    case OUT_HTML:
    case OUT_TABLE: {
        int n = ncolumns(list->columns);
        if (list->ncells + (size_t)n > list->cap) {
            size_t cap = (list->cap + (size_t)n) * 2;
            char **cells = realloc(list->cells, cap * sizeof *cells);
            if (!cells)
                return -1;
            list->cells = cells, list->cap = cap;
        }
        for (int i = 0; i < n; i++) {
            const struct out_column *c = &list->columns[i];
            char *raw = c->render ? c->render(list->ctx, row) : NULL;
            char *text = c->render ? (raw ? visible(raw, strlen(raw)) : NULL)
                                   : cell_text(json_object_get(row, c->key));
            char *cell = fit(text ? text : "", c->max_width);
            free(raw);
            free(text);
            if (!cell)
                return -1;
            list->cells[list->ncells++] = cell;
            list->bytes += strlen(cell) + 1;
        }
        break;
    }
    }
    list->rows++;
    return ferror(stdout) ? -1 : 0;
}

/* `n` bytes more in the list's joined cell: -1 when memory runs out. */
static int joined_room(struct out_list *list, size_t used, size_t n)
{
    if (used + n <= list->joined_cap)
        return 0;
    size_t cap = (used + n) * 2;
    char *grown = realloc(list->joined, cap);
    if (!grown)
        return -1;
    list->joined = grown, list->joined_cap = cap;
    return 0;
}

/* A list cell's items joined by "; ", as plain() joins a JSON array. */
static int csv_list_cell(struct out_list *list, const tr_cell *cell)
{
    tr_cell_items items;
    if (tr_cell_items_begin(&items, cell) != 0)
        return -1;
    const char *text;
    size_t len, used = 0;
    int rc;
    while ((rc = tr_cell_items_next(&items, &text, &len)) == 1) {
        if (joined_room(list, used, len + 2) != 0) {
            rc = -1;
            break;
        }
        if (used)
            memcpy(list->joined + used, "; ", 2), used += 2;
        if (text)
            memcpy(list->joined + used, text, len), used += len;
    }
    tr_cell_items_end(&items);
    if (rc == 0)
        tr_delimited_celln(stdout, list->format == OUT_TSV, list->joined ? list->joined : "", used);
    return rc;
}

int out_list_cells(const tr_cells *row, void *data)
{
    struct out_list *list = data;
    const struct cli_order *order = list->ctx ? &list->ctx->order : NULL;
    if (!OUT_DELIMITED(list->format) || (order && (order->field || order->limit))) {
        json_t *json = tr_cells_json(row);
        int rc = json ? out_list_row(json, data) : -1;
        json_decref(json);
        return rc;
    }
    for (int i = 0; list->fields[i]; i++) {
        const tr_cell *cell = tr_cells_get(row, list->fields[i]);
        if (i)
            tr_delimited_separator(stdout, list->format == OUT_TSV);
        if (!cell || cell->kind == TR_CELL_NULL)
            continue;
        if (cell->kind != TR_CELL_TEXTS && cell->kind != TR_CELL_INTEGERS)
            tr_delimited_celln(stdout, list->format == OUT_TSV, cell->text, cell->len);
        else if (csv_list_cell(list, cell) != 0)
            return -1;
    }
    tr_delimited_end(stdout, list->format == OUT_TSV);
    list->rows++;
    return ferror(stdout) ? -1 : 0;
}

static void pad(int n)
{
    for (int i = 0; i < n; i++)
        fputc(' ', stdout);
}

/* The terminal's width: COLUMNS when it is a number, else the terminal's own; 0 in a pipe
 * or when neither is known. */
static int terminal_width(void)
{
    if (!isatty(STDOUT_FILENO))
        return 0;
    const char *env = getenv("COLUMNS");
    char *end;
    long cols = env ? strtol(env, &end, 10) : 0;
    if (env && *env && !*end && cols > 0 && cols < 100000)
        return (int)cols;
    struct winsize ws;
    return ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 ? ws.ws_col : 0;
}

/* On a terminal, a table wider than it has its widest column cut (each cell ending in an
 * ellipsis) so that its lines fit; never below its header or 8 columns, and never in a pipe,
 * where a script reads whole values. */
static void fit_terminal(struct out_list *list, int *width, int n)
{
    int cols = terminal_width(), total = 2 * (n - 1), widest = 0;
    for (int i = 0; i < n; i++) {
        total += width[i];
        if (width[i] > width[widest])
            widest = i;
    }
    if (!cols || total <= cols)
        return;
    int floor = display_width(list->columns[widest].header);
    floor = floor > 8 ? floor : 8;
    int target = width[widest] - (total - cols);
    target = target > floor ? target : floor;
    if (target >= width[widest])
        return;
    for (size_t r = (size_t)widest; r < list->ncells; r += (size_t)n) {
        char *cut = fit(list->cells[r], target);
        if (cut) {
            free(list->cells[r]);
            list->cells[r] = cut;
        }
    }
    width[widest] = target;
}

void out_list_empty(struct out_list *list, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(list->empty, sizeof list->empty, fmt, ap);
    va_end(ap);
}

int out_list_end(struct out_list *list)
{
    if (out_order_flush(list) != 0)
        return -1;
    if (list->format == OUT_TABLE && list->rows == 0 && list->empty[0] &&
        list->ctx->err.status == TR_OK)
        cli_notice("%s", list->empty);
    if (list->format == OUT_JSON)
        fputs(list->rows ? "\n]\n" : "]\n", stdout);
    free(list->joined); /* CSV's and TSV's alone */
    if (list->format != OUT_TABLE || (list->rows == 0 && !list->header_always)) {
        free(list->cells);
        return ferror(stdout) ? -1 : 0;
    }
    int n = ncolumns(list->columns);
    /* As many widths as columns: `sql` may select any number of them. */
    int *width = calloc((size_t)n, sizeof *width);
    if (!width) {
        for (size_t r = 0; r < list->ncells; r++)
            free(list->cells[r]);
        free(list->cells);
        return -1;
    }
    for (int i = 0; i < n; i++)
        width[i] = no_headers(list->ctx) ? 0 : display_width(list->columns[i].header);
    for (size_t r = 0; r < list->ncells; r++) {
        int w = display_width(list->cells[r]);
        if (w > width[r % (size_t)n])
            width[r % (size_t)n] = w;
    }
    fit_terminal(list, width, n);
    int color = color_enabled();
    if (color && !no_headers(list->ctx))
        fputs("\033[1m", stdout);
    for (int i = 0; i < n && !no_headers(list->ctx); i++) {
        fputs(list->columns[i].header, stdout);
        if (i < n - 1)
            pad(width[i] - display_width(list->columns[i].header) + 2);
    }
    if (!no_headers(list->ctx))
        fputs(color ? "\033[0m\n" : "\n", stdout);
    for (size_t r = 0; r < list->ncells; r += (size_t)n) {
        char **row = list->cells + r;
        int last = n - 1;
        while (last > 0 && !*row[last])
            last--; /* no trailing blanks after the last non-empty cell */
        for (int col = 0; col <= last; col++) {
            fputs(row[col], stdout);
            if (col < last)
                pad(width[col] - display_width(row[col]) + 2);
        }
        fputc('\n', stdout);
        for (int col = 0; col < n; col++)
            free(row[col]);
    }
    free(width);
    free(list->cells);
    return ferror(stdout) ? -1 : 0;
}

int out_object(struct cli_ctx *ctx, enum out_format format, json_t *obj, const char *const *fields)
{
    return out_object_to(ctx, stdout, format, obj, fields);
}

int out_object_to(struct cli_ctx *ctx, FILE *out, enum out_format format, json_t *obj,
                  const char *const *fields)
{
    switch (format) {
    case OUT_JSON:
        json_dumpf(obj, out, TR_JSON_FLAGS | JSON_INDENT(2));
        fputc('\n', out);
        break;
    case OUT_NDJSON:
        json_dumpf(obj, out, TR_JSON_FLAGS);
        fputc('\n', out);
        break;
    case OUT_CSV:
    case OUT_TSV:
        csv_header(ctx, out, format, fields);
        csv_row(out, format, obj, fields);
        break;
    case OUT_MARKDOWN: /* only a document has it (report), never a record */
    case OUT_HTML:
    case OUT_TABLE: {
        int key_width = 0;
        for (int i = 0; fields[i]; i++)
            if ((int)strlen(fields[i]) > key_width)
                key_width = (int)strlen(fields[i]);
        for (int i = 0; fields[i]; i++) {
            char *s = cell_text(json_object_get(obj, fields[i]));
            fprintf(out, "%s:%*s%s\n", fields[i], key_width - (int)strlen(fields[i]) + 1, "",
                    s ? s : "");
            free(s);
        }
        break;
    }
    }
    return ferror(out) ? -1 : 0;
}
