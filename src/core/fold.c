/* Name folding through the FTS5 unicode61 tokenizer, reached via the fts5_api of a private
 * in-memory SQLite connection (the tokenizer is a library routine; no table is created),
 * then ICU's Latin-ASCII for the Latin letters it leaves non-ASCII (core/fold_latin.h). */
#include "twinreg/core/fold.h"

#include "core/fold_latin.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

static struct {
    sqlite3 *db;
    fts5_tokenizer api;
    Fts5Tokenizer *tokenizer;
    int failed;
} folder;

static fts5_api *fts5_api_of(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, NULL) == SQLITE_OK) {
        sqlite3_bind_pointer(stmt, 1, (void *)&api, "fts5_api_ptr", NULL);
        sqlite3_step(stmt);
    }
    sqlite3_finalize(stmt);
    return api;
}

static int folder_start(void)
{
    if (folder.tokenizer)
        return 0;
    if (folder.failed)
        return -1;
    folder.failed = 1;
    if (sqlite3_open_v2(":memory:", &folder.db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
        return -1;
    fts5_api *api = fts5_api_of(folder.db);
    void *user = NULL;
    if (!api || api->xFindTokenizer(api, "unicode61", &user, &folder.api) != SQLITE_OK)
        return -1;
    const char *args[] = {"remove_diacritics", "2"};
    if (folder.api.xCreate(user, args, 2, &folder.tokenizer) != SQLITE_OK)
        return -1;
    folder.failed = 0;
    return 0;
}

void tr_fold_shutdown(void)
{
    if (folder.tokenizer)
        folder.api.xDelete(folder.tokenizer);
    folder.tokenizer = NULL;
    sqlite3_close(folder.db);
    folder.db = NULL;
    folder.failed = 0;
    fl_shutdown();
}

struct fold_out {
    char *buf;
    size_t cap, len;
    int overflow;
};

static int collect_token(void *ctx, int flags, const char *token, int n, int start, int end)
{
    (void)flags, (void)start, (void)end;
    struct fold_out *out = ctx;
    size_t need = out->len + (out->len ? 1 : 0) + (size_t)n + 1;
    if (need > out->cap) {
        out->overflow = 1;
        return SQLITE_OK;
    }
    if (out->len)
        out->buf[out->len++] = ' ';
    memcpy(out->buf + out->len, token, (size_t)n);
    out->len += (size_t)n;
    out->buf[out->len] = '\0';
    return SQLITE_OK;
}

static int tokenize(const char *text, char *buf, size_t cap)
{
    struct fold_out out = {buf, cap, 0, 0};
    buf[0] = '\0';
    int rc = folder.api.xTokenize(folder.tokenizer, &out, FTS5_TOKENIZE_DOCUMENT, text,
                                  (int)strlen(text), collect_token);
    return rc == SQLITE_OK && !out.overflow ? 0 : -1;
}

int tr_fold_into(const char *text, char *buf, size_t cap)
{
    if (cap == 0 || folder_start() != 0 || tokenize(text, buf, cap) != 0)
        return -1;
    if (!fl_has_latin(buf))
        return 0; /* ASCII, or another script: ICU is not even loaded */
    /* Ł, ø, æ, ß have no diacritic to remove. Their ASCII forms are tokenized again, since
     * a few are not only letters (ŉ → 'n) and a few are capitals (ǅ → Dz). */
    char *ascii = malloc(cap);
    int rc =
        ascii && fl_transliterate(FL_ASCII, buf, ascii, cap) == 0 ? tokenize(ascii, buf, cap) : -1;
    free(ascii);
    return rc;
}

int tr_fold_spelled_into(const char *text, char *buf, size_t cap)
{
    if (!fl_has_latin(text))
        return tr_fold_into(text, buf, cap);
    /* Before the tokenizer, which would take the umlaut off ü before it could become ue. */
    char *spelled = malloc(cap);
    int rc = spelled && fl_transliterate(FL_SPELLED, text, spelled, cap) == 0
                 ? tr_fold_into(spelled, buf, cap)
                 : -1;
    free(spelled);
    return rc;
}

char *tr_fold(const char *text)
{
    /* Folding never lengthens a token by more than the UTF-8 of its lowercase form; three
     * times the input plus slack is ample, and overflow is detected anyway. */
    size_t cap = strlen(text) * 3 + 16;
    char *buf = malloc(cap);
    if (buf && tr_fold_into(text, buf, cap) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}
