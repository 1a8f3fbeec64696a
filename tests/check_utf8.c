/* The one UTF-8 rule (core/utf8.c): the boundaries of each sequence length, every kind of
 * invalid sequence, and agreement with jansson, which reads every export back; and the XML
 * escaper built on it (core/xml_text.c). */
#include <check.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "twinreg/core/utf8.h"
#include "twinreg/core/xml_text.h"
#include "check_run.h"

static int valid(const char *s) { return tr_utf8_valid(s, strlen(s)); }

START_TEST(boundaries_are_valid)
{
    static const char *const ok[] = {"",
                                     "a",
                                     "\x7f",
                                     "\xc2\x80",
                                     "\xdf\xbf",
                                     "\xe0\xa0\x80",
                                     "\xed\x9f\xbf",
                                     "\xee\x80\x80",
                                     "\xef\xbf\xbf",
                                     "\xf0\x90\x80\x80",
                                     "\xf4\x8f\xbf\xbf",
                                     "Montb\xc3\xa9liard",
                                     "\xec\x84\x9c\xec\x9a\xb8"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        ck_assert_msg(valid(ok[i]), "case %zu should be valid", i);
    uint32_t cp;
    ck_assert_uint_eq(tr_utf8_decode("\xf4\x8f\xbf\xbf", 4, &cp), 4);
    ck_assert_uint_eq(cp, 0x10ffff);
    ck_assert_uint_eq(tr_utf8_decode("\xc3\xa9x", 3, &cp), 2);
    ck_assert_uint_eq(cp, 0xe9);
}
END_TEST

START_TEST(invalid_forms_are_refused)
{
    static const char *const bad[] = {
        "\xc0\x80",
        "\xc1\xbf",
        "\xe0\x80\x80",
        "\xe0\x9f\xbf",
        "\xf0\x80\x80\x80",
        "\xf0\x8f\xbf\xbf", /* overlong */
        "\xed\xa0\x80",
        "\xed\xbf\xbf", /* surrogates */
        "\xf4\x90\x80\x80",
        "\xf5\x80\x80\x80",
        "\xf8\x88\x80\x80\x80",
        "\xff", /* > U+10FFFF */
        "\x80",
        "\xbf",
        "a\x80z", /* lone */
        "\xc2",
        "\xe2\x82",
        "\xf0\x90\x80",
        "x\xe2\x82",
        "\xe2\x82x", /* truncated */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(!valid(bad[i]), "case %zu should be invalid", i);
    /* The length bounds the sequence: a whole character cut by it is not one. */
    ck_assert_int_eq(tr_utf8_valid("\xc3\xa9", 1), 0);
    uint32_t cp;
    ck_assert_uint_eq(tr_utf8_decode("\xe2\x82\xac", 2, &cp), 0);
}
END_TEST

/* What tr_utf8_valid takes, jansson takes, and the other way round: every one- and
 * two-byte sequence, and every three- and four-byte one around the edges. */
static void agrees(const unsigned char *b, size_t n)
{
    json_t *s = json_stringn((const char *)b, n);
    int ours = tr_utf8_valid((const char *)b, n);
    ck_assert_msg(ours == (s != NULL), "%02x %02x %02x %02x (%zu bytes): twinreg %d, jansson %d",
                  b[0], n > 1 ? b[1] : 0, n > 2 ? b[2] : 0, n > 3 ? b[3] : 0, n, ours, s != NULL);
    json_decref(s);
}

START_TEST(agrees_with_jansson)
{
    unsigned char b[4];
    for (unsigned a = 1; a < 256; a++) {
        b[0] = (unsigned char)a;
        agrees(b, 1);
        for (unsigned c = 0; c < 256; c++) {
            b[1] = (unsigned char)c;
            agrees(b, 2);
            static const unsigned char thirds[] = {0x00, 0x7f, 0x80, 0xbf, 0xc0};
            for (size_t t = 0; a >= 0xe0 && t < sizeof thirds; t++) {
                b[2] = thirds[t];
                agrees(b, 3);
                b[3] = 0x80;
                agrees(b, 4);
                b[3] = 0x41;
                agrees(b, 4);
            }
        }
    }
}
END_TEST

/* tr_xml_put's output for `in`. */
static char *xml_of(const char *in, char *buf, size_t size)
{
    buf[0] = '\0'; /* fmemopen writes no NUL when nothing is written */
    FILE *f = fmemopen(buf, size, "w");
    ck_assert_ptr_nonnull(f);
    tr_xml_put(f, in);
    fclose(f);
    return buf;
}

START_TEST(xml_escapes_and_replaces)
{
    char buf[256];
    ck_assert_str_eq(xml_of("A & <b> \"c\" 'd'", buf, sizeof buf),
                     "A &amp; &lt;b&gt; &quot;c&quot; &#39;d&#39;");
    /* Kept: non-Latin scripts, and line breaks as references (attributes keep them). */
    ck_assert_str_eq(xml_of("\xed\x95\x9c\tx\ny", buf, sizeof buf), "\xed\x95\x9c&#9;x&#10;y");
    /* What XML 1.0 cannot carry, and bytes that are no UTF-8: U+FFFD each. */
    ck_assert_str_eq(xml_of("a\x01"
                            "b\x7f\xef\xbf\xbe\xef\xbf\xbf\xff",
                            buf, sizeof buf),
                     "a\xef\xbf\xbd"
                     "b\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
    ck_assert_str_eq(xml_of(NULL, buf, sizeof buf), "");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("utf8");
    TCase *tc = tcase_create("utf8");
    tcase_add_test(tc, boundaries_are_valid);
    tcase_add_test(tc, invalid_forms_are_refused);
    tcase_add_test(tc, agrees_with_jansson);
    tcase_add_test(tc, xml_escapes_and_replaces);
    suite_add_tcase(s, tc);
    return check_run(s);
}
