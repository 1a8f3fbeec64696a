/* The import readers: lines across buffer refills, CRLF and a byte order mark, CSV quoting
 * (delimiters, doubled quotes, line breaks inside quotes) and its malformed records; the
 * importer's in-memory maps (file ids, natural-key hashes). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/csv_read.h"
#include "twinreg/core/id_map.h"
#include "io/import_reasons.h"
#include "io/import_rejects.h"
#include "store/key_set.h"
#include "io/ndjson_pipe.h"
#include "io/reader.h"
#include "twinreg/io/output_file.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_run.h"

/* A reader over `text` (through fmemopen: the same FILE path as a real file). */
static FILE *open_text(tr_reader *r, const char *text, size_t len)
{
    FILE *f = fmemopen((void *)text, len, "r");
    ck_assert_ptr_nonnull(f);
    reader_open_stream(r, f, "test");
    return f;
}

START_TEST(lines_with_crlf_bom_and_no_final_newline)
{
    static const char text[] = "\xEF\xBB\xBFone\r\ntwo\n\nthree";
    tr_reader r;
    tr_error err;
    tr_error_init(&err);
    FILE *f = open_text(&r, text, sizeof text - 1);
    size_t n;
    const char *expected[] = {"one", "two", "", "three"};
    for (int i = 0; i < 4; i++) {
        char *line = reader_line(&r, &n, &err);
        ck_assert_ptr_nonnull(line);
        ck_assert_str_eq(line, expected[i]);
        ck_assert_uint_eq(n, strlen(expected[i]));
        ck_assert_int_eq(r.line, i + 1);
    }
    ck_assert_ptr_null(reader_line(&r, &n, &err));
    ck_assert_int_eq(err.status, TR_OK);
    reader_close(&r);
    fclose(f);
}
END_TEST

START_TEST(a_line_longer_than_the_buffer_is_whole)
{
    size_t long_len = 300 * 1024;
    char *text = malloc(long_len + 16);
    memset(text, 'x', long_len);
    memcpy(text + long_len, "\nshort\n", 8);
    tr_reader r;
    tr_error err;
    tr_error_init(&err);
    FILE *f = open_text(&r, text, long_len + 7);
    size_t n;
    char *line = reader_line(&r, &n, &err);
    ck_assert_ptr_nonnull(line);
    ck_assert_uint_eq(n, long_len);
    ck_assert_uint_eq(strlen(line), long_len);
    line = reader_line(&r, &n, &err);
    ck_assert_str_eq(line, "short");
    ck_assert_int_eq(r.line, 2);
    reader_close(&r);
    fclose(f);
    free(text);
}
END_TEST

START_TEST(peek_does_not_consume)
{
    static const char text[] = "{\"type\": \"city\"}\nsecond\n";
    tr_reader r;
    tr_error err;
    tr_error_init(&err);
    FILE *f = open_text(&r, text, sizeof text - 1);
    size_t n, len;
    const char *peeked = reader_peek(&r, &n, &err);
    ck_assert_uint_eq(n, sizeof text - 1);
    ck_assert(memcmp(peeked, text, n) == 0);
    ck_assert_str_eq(reader_line(&r, &len, &err), "{\"type\": \"city\"}");
    ck_assert_str_eq(reader_line(&r, &len, &err), "second");
    reader_close(&r);
    fclose(f);
}
END_TEST

/* A pipe cannot seek: reader_keep copies it first, and reader_rewind then hands out the
 * same lines with the same numbers, the byte order mark skipped again (an import run again
 * after a lost race on a server). */
START_TEST(a_kept_pipe_reads_again_from_its_start)
{
    static const char text[] = "\xEF\xBB\xBF"
                               "first\nsecond\r\nthird";
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    ck_assert_int_eq(write(fds[1], text, sizeof text - 1), (ssize_t)(sizeof text - 1));
    close(fds[1]);
    FILE *in = fdopen(fds[0], "rb");
    ck_assert_ptr_nonnull(in);
    tr_reader r;
    tr_error err;
    tr_error_init(&err);
    reader_open_stream(&r, in, "standard input");
    ck_assert_int_eq(reader_keep(&r, &err), 0);
    size_t n;
    for (int run = 0; run < 2; run++) {
        ck_assert_str_eq(reader_line(&r, &n, &err), "first");
        ck_assert_str_eq(reader_line(&r, &n, &err), "second");
        ck_assert_int_eq(r.line, 2);
        if (run == 0) { /* stopped part way, as a failed run is */
            ck_assert_int_eq(reader_rewind(&r, &err), 0);
            continue;
        }
        ck_assert_str_eq(reader_line(&r, &n, &err), "third");
        ck_assert_ptr_null(reader_line(&r, &n, &err));
    }
    ck_assert_int_eq(err.status, TR_OK);
    reader_close(&r);
    fclose(in);
}
END_TEST

START_TEST(a_missing_file_is_an_io_error)
{
    tr_reader r;
    tr_error err;
    tr_error_init(&err);
    ck_assert_int_eq(reader_open(&r, "/nonexistent/file.csv", &err), -1);
    ck_assert_int_eq(err.status, TR_IO);
    ck_assert_ptr_nonnull(strstr(err.message, "/nonexistent/file.csv"));
}
END_TEST

START_TEST(csv_quoting)
{
    static const char text[] = "a,b,c\n"
                               "\"Paris, Texas\",\"say \"\"hi\"\"\",plain\n"
                               "\n"
                               "\"two\nlines\",,last\r\n"
                               "x;y,z,\n";
    tr_reader r;
    tr_error err;
    tr_error_init(&err);
    FILE *f = open_text(&r, text, sizeof text - 1);
    csv_record rec = {0};
    ck_assert_int_eq(csv_read(&r, ',', &rec, &err), 1);
    ck_assert_uint_eq(rec.n, 3);
    ck_assert_int_eq(rec.line, 1);
    ck_assert_int_eq(csv_read(&r, ',', &rec, &err), 1);
    ck_assert_uint_eq(rec.n, 3);
    ck_assert_str_eq(rec.fields[0], "Paris, Texas");
    ck_assert_str_eq(rec.fields[1], "say \"hi\"");
    ck_assert_str_eq(rec.fields[2], "plain");
    ck_assert_int_eq(csv_read(&r, ',', &rec, &err), 1); /* the blank line is skipped */
    ck_assert_int_eq(rec.line, 4);
    ck_assert_str_eq(rec.fields[0], "two\nlines");
    ck_assert_str_eq(rec.fields[1], "");
    ck_assert_str_eq(rec.fields[2], "last");
    ck_assert_int_eq(csv_read(&r, ',', &rec, &err), 1);
    ck_assert_int_eq(rec.line, 6);
    ck_assert_uint_eq(rec.n, 3);
    ck_assert_str_eq(rec.fields[0], "x;y");
    ck_assert_str_eq(rec.fields[2], "");
    ck_assert_int_eq(csv_read(&r, ',', &rec, &err), 0);
    ck_assert_int_eq(err.status, TR_OK);
    csv_record_free(&rec);
    reader_close(&r);
    fclose(f);
}
END_TEST

START_TEST(csv_other_delimiters)
{
    static const char text[] = "a\tb,c\t\"d\te\"\n";
    tr_reader r;
    tr_error err;
    tr_error_init(&err);
    FILE *f = open_text(&r, text, sizeof text - 1);
    csv_record rec = {0};
    ck_assert_int_eq(csv_read(&r, '\t', &rec, &err), 1);
    ck_assert_uint_eq(rec.n, 3);
    ck_assert_str_eq(rec.fields[1], "b,c");
    ck_assert_str_eq(rec.fields[2], "d\te");
    csv_record_free(&rec);
    reader_close(&r);
    fclose(f);
}
END_TEST

START_TEST(csv_malformed_records_name_their_line_and_reading_goes_on)
{
    static const char text[] = "ok,1\n\"bad\"x,2\nok,3\n\"open,4\n";
    tr_reader r;
    tr_error err;
    tr_error_init(&err);
    FILE *f = open_text(&r, text, sizeof text - 1);
    csv_record rec = {0};
    ck_assert_int_eq(csv_read(&r, ',', &rec, &err), 1);
    ck_assert_int_eq(csv_read(&r, ',', &rec, &err), -1);
    ck_assert_int_eq(err.status, TR_REJECTED);
    ck_assert_ptr_nonnull(strstr(err.message, "line 2"));
    tr_error_init(&err);
    ck_assert_int_eq(csv_read(&r, ',', &rec, &err), 1);
    ck_assert_str_eq(rec.fields[1], "3");
    ck_assert_int_eq(csv_read(&r, ',', &rec, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.message, "line 4"));
    ck_assert_ptr_nonnull(strstr(err.message, "never closed"));
    tr_error_init(&err);
    ck_assert_int_eq(csv_read(&r, ',', &rec, &err), 0);
    csv_record_free(&rec);
    reader_close(&r);
    fclose(f);
}
END_TEST

START_TEST(csv_nul_byte_is_rejected)
{
    static const char text[] = "a,b\0c\n";
    tr_reader r;
    tr_error err;
    tr_error_init(&err);
    FILE *f = open_text(&r, text, sizeof text - 1);
    csv_record rec = {0};
    ck_assert_int_eq(csv_read(&r, ',', &rec, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.message, "NUL"));
    csv_record_free(&rec);
    reader_close(&r);
    fclose(f);
}
END_TEST

/* File ids: "5" and 5 are one id, "05", "+5" and "x" are texts; kinds are apart; the
 * table grows past many ids without losing one. */
START_TEST(id_map_numbers_and_texts)
{
    id_map *m = id_map_new();
    ck_assert_ptr_nonnull(m);
    int64_t v = 0;
    ck_assert_int_eq(id_map_put(m, 1, id_key_number(5), 50), 0);
    ck_assert_int_eq(id_map_get(m, 1, id_key_text("5"), &v), 1);
    ck_assert_int_eq(v, 50);
    ck_assert_int_eq(id_map_get(m, 2, id_key_number(5), &v), 0);
    ck_assert_int_eq(id_map_get(m, 1, id_key_text("05"), &v), 0);
    ck_assert_int_eq(id_map_get(m, 1, id_key_text("+5"), &v), 0);
    ck_assert_int_eq(id_map_put(m, 1, id_key_text("-7"), 70), 0);
    ck_assert_int_eq(id_map_get(m, 1, id_key_number(-7), &v), 1);
    ck_assert_int_eq(v, 70);
    ck_assert_int_eq(id_map_put(m, 1, id_key_text("0"), 1), 0);
    ck_assert_int_eq(id_map_get(m, 1, id_key_number(0), &v), 1);
    ck_assert_int_eq(id_map_put(m, 3, id_key_text("seoul"), 9), 0);
    ck_assert_int_eq(id_map_get(m, 3, id_key_text("seoul"), &v), 1);
    ck_assert_int_eq(v, 9);
    ck_assert_int_eq(id_map_get(m, 3, id_key_text("Seoul"), &v), 0);
    /* 9223372036854775808 does not fit: a text, not a wrapped number */
    ck_assert_int_eq(id_map_get(m, 1, id_key_text("9223372036854775808"), &v), 0);
    for (int64_t i = 1000; i < 101000; i++)
        ck_assert_int_eq(
            id_map_put(m, i % 2 ? 1 : 2, i % 3 ? id_key_number(i) : id_key_text("t"), i), 0);
    char text[32];
    for (int64_t i = 1000; i < 101000; i++) {
        if (i % 3 == 0)
            continue;
        snprintf(text, sizeof text, "%lld", (long long)i);
        ck_assert_int_eq(id_map_get(m, i % 2 ? 1 : 2, id_key_text(text), &v), 1);
        ck_assert_int_eq(v, i);
    }
    ck_assert_int_eq(id_map_get(m, 1, id_key_number(5), &v), 1);
    ck_assert_int_eq(v, 50);
    id_map_free(m);
}
END_TEST

/* Ids that map to themselves, in ascending runs: found whatever their order of lookup,
 * apart by kind, and a later different value wins over the run. */
START_TEST(id_map_runs_of_ids_to_themselves)
{
    id_map *m = id_map_new();
    ck_assert_ptr_nonnull(m);
    int64_t v = 0;
    for (int64_t i = 1; i <= 1000; i++)
        ck_assert_int_eq(id_map_put(m, 3, id_key_number(i), i), 0);
    ck_assert_int_eq(id_map_put(m, 3, id_key_number(2000), 2000), 0);
    ck_assert_int_eq(id_map_put(m, 3, id_key_text("2001"), 2001), 0);
    ck_assert_int_eq(id_map_put(m, 3, id_key_number(3000), 3000), 0);
    ck_assert_int_eq(id_map_put(m, 3, id_key_number(1500), 1500), 0); /* behind the runs: a slot */
    int64_t present[] = {1, 500, 1000, 1500, 2000, 2001, 3000};
    for (size_t i = 0; i < sizeof present / sizeof present[0]; i++) {
        ck_assert_int_eq(id_map_get(m, 3, id_key_number(present[i]), &v), 1);
        ck_assert_int_eq(v, present[i]);
    }
    int64_t absent[] = {0, 1001, 1499, 1999, 2002, 2999, 3001, -1};
    for (size_t i = 0; i < sizeof absent / sizeof absent[0]; i++)
        ck_assert_int_eq(id_map_get(m, 3, id_key_number(absent[i]), &v), 0);
    ck_assert_int_eq(id_map_get(m, 1, id_key_number(500), &v), 0);
    ck_assert_int_eq(id_map_get(m, 3, id_key_text("x500"), &v), 0);
    ck_assert_int_eq(id_map_put(m, 3, id_key_number(500), 7), 0); /* replaced */
    ck_assert_int_eq(id_map_get(m, 3, id_key_text("500"), &v), 1);
    ck_assert_int_eq(v, 7);
    ck_assert_int_eq(id_map_put(m, 3, id_key_number(4000), 4001), 0); /* not to itself: a slot */
    ck_assert_int_eq(id_map_put(m, 3, id_key_number(4000), 4000), 0); /* the slot keeps it */
    ck_assert_int_eq(id_map_get(m, 3, id_key_number(4000), &v), 1);
    ck_assert_int_eq(v, 4000);
    id_map_free(m);
}
END_TEST

/* Natural-key hashes: every id stored under a hash comes back (equal hashes are the
 * candidates the importer compares), and no other; growth keeps them. */
START_TEST(key_set_returns_every_id_of_a_hash)
{
    key_set *s = key_set_new();
    ck_assert_ptr_nonnull(s);
    for (int64_t i = 1; i <= 50000; i++)
        ck_assert_int_eq(key_set_add(s, (uint64_t)i * 0x9E3779B97F4A7C15ULL, i), 0);
    ck_assert_int_eq(key_set_add(s, 42, 7001), 0);
    ck_assert_int_eq(key_set_add(s, 42, 7002), 0);
    ck_assert_int_eq(key_set_add(s, 0, 7003), 0); /* hash 0 is a hash like another */
    size_t cursor = 0;
    int64_t id, seen = 0;
    while (key_set_next(s, 42, &cursor, &id))
        seen += id == 7001 ? 1 : id == 7002 ? 2 : 100;
    ck_assert_int_eq(seen, 3);
    cursor = 0;
    ck_assert_int_eq(key_set_next(s, 0, &cursor, &id), 1);
    ck_assert_int_eq(id, 7003);
    ck_assert_int_eq(key_set_next(s, 0, &cursor, &id), 0);
    for (int64_t i = 1; i <= 50000; i += 997) {
        cursor = 0;
        ck_assert_int_eq(key_set_next(s, (uint64_t)i * 0x9E3779B97F4A7C15ULL, &cursor, &id), 1);
        ck_assert_int_eq(id, i);
    }
    cursor = 0;
    ck_assert_int_eq(key_set_next(s, 43, &cursor, &id), 0);
    key_set_free(s);
}
END_TEST

/* The NDJSON pipe hands lines over in order, with their numbers; stopped while its
 * reading thread waits for input that a writer keeps open (the import failed), it returns
 * at once rather than when the writer closes: Check's 4 s timeout fails the test else. */
START_TEST(ndjson_pipe_stops_while_its_writer_keeps_input_open)
{
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    ck_assert_int_ge(fcntl(fds[1], F_SETPIPE_SZ, 1 << 20), 1 << 17); /* room for all, unread */
    char line[128];
    /* 1,000 lines of 100 bytes: the reader's first 64 KiB read gives whole chunks of lines
     * to hand over; its second waits for bytes that never come. */
    for (int i = 1; i <= 1000; i++) {
        int n = snprintf(line, sizeof line,
                         i == 2   ? "\n"
                         : i == 3 ? "not json\n"
                                  : "{\"type\":\"city\",\"n\":%d,\"pad\":\"%070d\"}\n",
                         i, 0);
        ck_assert_int_eq(write(fds[1], line, (size_t)n), n);
    }
    FILE *in = fdopen(fds[0], "r");
    ck_assert_ptr_nonnull(in);
    tr_reader r;
    reader_open_stream(&r, in, "pipe");
    tr_error err;
    tr_error_init(&err);
    ndjson_pipe *p = ndjson_pipe_start(&r, &err);
    ck_assert_ptr_nonnull(p);
    ndjson_line l;
    ck_assert_int_eq(ndjson_pipe_next(p, &l, &err), 1);
    ck_assert_int_eq(l.line, 1);
    ck_assert_ptr_nonnull(l.rec);
    ck_assert_int_eq(ndjson_pipe_next(p, &l, &err), 1); /* line 2 is blank: skipped */
    ck_assert_int_eq(l.line, 3);
    ck_assert_ptr_null(l.rec);
    ck_assert_ptr_nonnull(strstr(l.why, "invalid JSON"));
    ck_assert_int_eq(ndjson_pipe_next(p, &l, &err), 1);
    ck_assert_int_eq(l.line, 4);
    ck_assert_int_eq(json_integer_value(json_object_get(l.rec, "n")), 4);
    sleep(1); /* the reading thread is now blocked on the open pipe */
    ndjson_pipe_stop(p);
    ck_assert_int_eq(err.status, TR_OK);
    close(fds[1]);
    reader_close(&r);
    fclose(in);
}
END_TEST

/* ---- named output files ---- */

static char out_dir[] = "/tmp/check_output_XXXXXX";

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static const char *read_text(const char *path)
{
    static char buf[256];
    FILE *f = fopen(path, "r");
    if (!f)
        return "(missing)";
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* The names in out_dir, hidden ones included, counted. */
static int entries(void)
{
    int n = 0;
    DIR *d = opendir(out_dir);
    for (struct dirent *e; d && (e = readdir(d));)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    if (d)
        closedir(d);
    return n;
}

static void out_setup(void) { ck_assert_ptr_nonnull(mkdtemp(out_dir)); }

static void out_teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", out_dir);
    ck_assert_int_eq(system(cmd), 0);
    snprintf(out_dir, sizeof out_dir, "/tmp/check_output_XXXXXX");
}

START_TEST(output_replaces_a_file_whole_or_not_at_all)
{
    char path[256];
    snprintf(path, sizeof path, "%s/out.json", out_dir);
    write_text(path, "old");
    tr_output_file f;
    tr_error err;
    tr_error_init(&err);
    ck_assert_int_eq(tr_output_open(&f, path, NULL, 0, &err), 0);
    fputs("half", f.stream);
    ck_assert_ptr_nonnull(strstr(f.tmp, "/.out.json" TR_OUTPUT_TMP_MARK));
    ck_assert_int_eq(entries(), 2);
    ck_assert_int_eq(tr_output_close(&f, 0, &err), -1);
    ck_assert_str_eq(read_text(path), "old");
    ck_assert_int_eq(entries(), 1);
    ck_assert_int_eq(tr_output_open(&f, path, NULL, 0, &err), 0);
    fputs("new", f.stream);
    ck_assert_int_eq(tr_output_close(&f, 1, &err), 0);
    ck_assert_str_eq(read_text(path), "new");
    ck_assert_int_eq(entries(), 1);
    ck_assert_int_eq(err.status, TR_OK);
}
END_TEST

START_TEST(output_follows_a_symlink)
{
    char link[256], target[256];
    snprintf(link, sizeof link, "%s/link", out_dir);
    snprintf(target, sizeof target, "%s/target", out_dir);
    ck_assert_int_eq(symlink("target", link), 0);
    tr_output_file f;
    tr_error err;
    tr_error_init(&err);
    ck_assert_int_eq(tr_output_open(&f, link, NULL, 0, &err), 0);
    ck_assert_str_eq(f.path, target);
    fputs("through", f.stream);
    ck_assert_int_eq(tr_output_close(&f, 1, &err), 0);
    ck_assert_str_eq(read_text(target), "through");
    struct stat st;
    ck_assert_int_eq(lstat(link, &st), 0);
    ck_assert(S_ISLNK(st.st_mode));
}
END_TEST

START_TEST(output_refuses_a_registry_and_any_database)
{
    char db[256], wal[256], other[256];
    snprintf(db, sizeof db, "%s/registry.db", out_dir);
    snprintf(wal, sizeof wal, "%s/registry.db-wal", out_dir);
    snprintf(other, sizeof other, "%s/other.db", out_dir);
    write_text(db, "anything");
    write_text(wal, "log");
    FILE *f = fopen(other, "w");
    fwrite("SQLite format 3\0rest", 1, 21, f);
    fclose(f);
    const char *refused[] = {db, wal, other};
    for (int i = 0; i < 3; i++) {
        tr_output_file out;
        tr_error err;
        tr_error_init(&err);
        ck_assert_int_eq(tr_output_open(&out, refused[i], db, 0, &err), -1);
        ck_assert_int_eq(err.status, TR_REJECTED);
    }
    ck_assert_str_eq(read_text(db), "anything");
    ck_assert_int_eq(entries(), 3);
    /* A backup may replace another database, only when forced. */
    tr_output_file out;
    tr_error err;
    tr_error_init(&err);
    ck_assert_int_eq(tr_output_open(&out, other, db, TR_OUTPUT_DATABASE, &err), -1);
    ck_assert_int_eq(err.status, TR_REJECTED); /* a choice for the user: exit 4 */
    tr_error_init(&err);
    ck_assert_int_eq(tr_output_open(&out, other, db, TR_OUTPUT_DATABASE | TR_OUTPUT_FORCE, &err),
                     0);
    ck_assert_ptr_null(out.stream);
    ck_assert_int_eq(tr_output_close(&out, 1, &err), 0);
    ck_assert_str_eq(read_text(other), "");
}
END_TEST

START_TEST(output_removes_what_a_killed_writer_left)
{
    char path[256], stale[300], journal[320], live[300];
    snprintf(path, sizeof path, "%s/out.json", out_dir);
    snprintf(stale, sizeof stale, "%s/.out.json" TR_OUTPUT_TMP_MARK "AbCdEf", out_dir);
    snprintf(journal, sizeof journal, "%s-journal", stale);
    snprintf(live, sizeof live, "%s/.out.json" TR_OUTPUT_TMP_MARK "Live01", out_dir);
    write_text(stale, "partial");
    write_text(journal, "journal");
    write_text(live, "being written");
    int held = open(live, O_RDONLY);
    ck_assert_int_eq(flock(held, LOCK_EX), 0);
    tr_output_file f;
    tr_error err;
    tr_error_init(&err);
    ck_assert_int_eq(tr_output_open(&f, path, NULL, 0, &err), 0);
    ck_assert_int_eq(tr_output_close(&f, 1, &err), 0);
    ck_assert_int_ne(access(stale, F_OK), 0);
    ck_assert_int_ne(access(journal, F_OK), 0);
    ck_assert_int_eq(access(live, F_OK), 0);
    close(held);
    ck_assert_int_eq(entries(), 2);
}
END_TEST

START_TEST(reasons_group_by_value_largest_first)
{
    reason_groups g = {0};
    const char *advice = ": give an ISO 3166-1 code (MX, MEX) or English name";
    char reason[160];
    static const char *const values[] = {"Atlantis", "Georgia (country)", "Georgia (country)",
                                         "Luhansk People's Republic", "Georgia (country)"};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        snprintf(reason, sizeof reason, "unknown country '%s'%s", values[i], advice);
        reasons_add(&g, reason);
    }
    reasons_add(&g, "2 fields where the header has 4");
    reasons_sort(&g);
    ck_assert_uint_eq(g.n, 4);
    ck_assert_str_eq(g.groups[0].reason, "unknown country 'Georgia (country)'");
    ck_assert_int_eq(g.groups[0].records, 3);
    /* ties by reason: byte order */
    ck_assert_str_eq(g.groups[1].reason, "2 fields where the header has 4");
    ck_assert_str_eq(g.groups[2].reason, "unknown country 'Atlantis'");
    ck_assert_str_eq(g.groups[3].reason, "unknown country 'Luhansk People's Republic'");
    ck_assert_int_eq(g.other, 0);
    reasons_clear(&g);
    ck_assert_uint_eq(g.n, 0);
}
END_TEST

START_TEST(reasons_beyond_the_limit_are_only_counted)
{
    reason_groups g = {0};
    char reason[64];
    for (int i = 0; i < REASON_GROUPS_MAX + 5; i++) {
        snprintf(reason, sizeof reason, "unknown field 'f%d'", i);
        reasons_add(&g, reason);
    }
    reasons_add(&g, "unknown field 'f7'"); /* a known one still finds its group */
    reasons_sort(&g);
    ck_assert_uint_eq(g.n, REASON_GROUPS_MAX);
    ck_assert_int_eq(g.other, 5);
    ck_assert_str_eq(g.groups[0].reason, "unknown field 'f7'");
    ck_assert_int_eq(g.groups[0].records, 2);
    reasons_clear(&g);
}
END_TEST

START_TEST(rejects_keep_the_input_delimiter_and_quote_for_it)
{
    char path[] = "/tmp/check_rejects_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    tr_error e;
    tr_error_init(&e);
    rejects_file r;
    ck_assert_int_eq(rejects_open(&r, path, NULL, TR_IMPORT_CSV, '\t', &e), 0);
    char *head[] = {"a", "b"}, *row[] = {"x,y", "tab\there"}, *wide[] = {"1", "2", "3"};
    csv_record h = {.fields = head, .n = 2}, a = {.fields = row, .n = 2},
               b = {.fields = wide, .n = 3};
    rejects_csv_header(&r, &h);
    rejects_csv_row(&r, &a, "unknown country 'Q \"x\"'");
    rejects_csv_row(&r, &b, "3 fields where the header has 2");
    rejects_csv_row(&r, NULL, "line 9: text after a closing quote");
    ck_assert_int_eq(rejects_close(&r, 1, &e), 0);
    ck_assert_str_eq(read_text(path), "a\tb\treason\n"
                                      "x,y\t\"tab\there\"\t\"unknown country 'Q \"\"x\"\"'\"\n"
                                      "1\t2\t3\t3 fields where the header has 2\n"
                                      "\t\tline 9: text after a closing quote\n");
    unlink(path);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("io");
    TCase *tc = tcase_create("readers");
    tcase_add_test(tc, lines_with_crlf_bom_and_no_final_newline);
    tcase_add_test(tc, a_line_longer_than_the_buffer_is_whole);
    tcase_add_test(tc, peek_does_not_consume);
    tcase_add_test(tc, a_kept_pipe_reads_again_from_its_start);
    tcase_add_test(tc, a_missing_file_is_an_io_error);
    tcase_add_test(tc, csv_quoting);
    tcase_add_test(tc, csv_other_delimiters);
    tcase_add_test(tc, csv_malformed_records_name_their_line_and_reading_goes_on);
    tcase_add_test(tc, csv_nul_byte_is_rejected);
    suite_add_tcase(s, tc);
    TCase *maps = tcase_create("maps");
    tcase_add_test(maps, id_map_numbers_and_texts);
    tcase_add_test(maps, id_map_runs_of_ids_to_themselves);
    tcase_add_test(maps, key_set_returns_every_id_of_a_hash);
    tcase_add_test(maps, ndjson_pipe_stops_while_its_writer_keeps_input_open);
    suite_add_tcase(s, maps);
    TCase *output = tcase_create("output files");
    tcase_add_checked_fixture(output, out_setup, out_teardown);
    tcase_add_test(output, output_replaces_a_file_whole_or_not_at_all);
    tcase_add_test(output, output_follows_a_symlink);
    tcase_add_test(output, output_refuses_a_registry_and_any_database);
    tcase_add_test(output, output_removes_what_a_killed_writer_left);
    tcase_add_test(output, rejects_keep_the_input_delimiter_and_quote_for_it);
    suite_add_tcase(s, output);
    TCase *repair = tcase_create("import repair");
    tcase_add_test(repair, reasons_group_by_value_largest_first);
    tcase_add_test(repair, reasons_beyond_the_limit_are_only_counted);
    suite_add_tcase(s, repair);
    return check_run(s);
}
