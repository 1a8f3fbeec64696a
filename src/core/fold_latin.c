/* ICU's Latin-ASCII transform for name folding (fold_latin.h). ICU is loaded with dlopen
 * when a name first needs it, never at the start of a command: linked, its libraries cost
 * every command at start (as libpq did, src/store/pg_lib.c). */
#include "core/fold_latin.h"

#include <dlfcn.h>
#include <stdint.h>
#include <unicode/uclean.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

/* The symbols' and library's names carry ICU's major version (urename.h). */
#define FL_STR2(x) #x
#define FL_STR(x) FL_STR2(x)
#define FL_SONAME "libicui18n.so." FL_STR(U_ICU_VERSION_MAJOR_NUM)

/* Only the Latin letters are transliterated: Москва, 서울, digits and punctuation stay as
 * the tokenizer gives them. FL_ASCII: Latin-ASCII (Łódź → Lodz, Straße → Strasse, Ærø →
 * AEro). FL_SPELLED: the forms German and Nordic spellings use without the letter, as
 * ICU's de-ASCII writes ä, ö, ü (München → Muenchen) and, for the two it lacks, the
 * Danish and Norwegian ones: ø as oe, å as aa (the spelling before 1948, kept in names
 * such as Aalborg); then Latin-ASCII for the rest (Ærø → aeroe). */
static const UChar *const rules[] = {
    [FL_ASCII] = u":: [:Latin:] ; :: Latin-ASCII ;",
    /* NFC first, of Latin letters and marks alone, so that a u and its combining diaeresis
     * make the ü the rules name (and a Greek letter keeps its mark apart, as before). */
    [FL_SPELLED] = u":: [[:Latin:][:Mn:]] NFC ; :: [:Latin:] Lower ; ø > oe ; å > aa ; "
                   u":: [:Latin:] de-ASCII ;",
};

#define FL_FUNCTIONS(X)                                                                            \
    X(utrans_openU)                                                                                \
    X(utrans_transUChars)                                                                          \
    X(utrans_close)                                                                                \
    X(u_strFromUTF8)                                                                               \
    X(u_strToUTF8)                                                                                 \
    X(u_cleanup)

static struct {
    void *lib;
    UTransliterator *trans[2];
    int failed[2];
    UTransliterator *(*utrans_openU)(const UChar *, int32_t, UTransDirection, const UChar *,
                                     int32_t, UParseError *, UErrorCode *);
    void (*utrans_transUChars)(const UTransliterator *, UChar *, int32_t *, int32_t, int32_t,
                               int32_t *, UErrorCode *);
    void (*utrans_close)(UTransliterator *);
    UChar *(*u_strFromUTF8)(UChar *, int32_t, int32_t *, const char *, int32_t, UErrorCode *);
    char *(*u_strToUTF8)(char *, int32_t, int32_t *, const UChar *, int32_t, UErrorCode *);
    void (*u_cleanup)(void);
} icu;

int fl_has_latin(const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    while (*s) {
        if (*s < 0x80) {
            s++;
            continue;
        }
        uint32_t cp = 0;
        int extra = *s >= 0xF0 ? 3 : *s >= 0xE0 ? 2 : 1;
        cp = *s++ & (0x3F >> extra);
        for (int i = 0; i < extra && (*s & 0xC0) == 0x80; i++)
            cp = cp << 6 | (*s++ & 0x3F);
        /* Unicode's Latin blocks (Blocks.txt): Latin-1 Supplement to IPA Extensions, the
         * phonetic extensions and Latin Extended Additional, Extended-C, -D, -E, the
         * ligatures ff to st, fullwidth A to z; and the combining marks (a decomposed ü). */
        if (cp < 0x370 || (cp >= 0x1D00 && cp <= 0x1EFF) || (cp >= 0x2C60 && cp <= 0x2C7F) ||
            (cp >= 0xA720 && cp <= 0xA7FF) || (cp >= 0xAB30 && cp <= 0xAB6F) ||
            (cp >= 0xFB00 && cp <= 0xFB06) || (cp >= 0xFF21 && cp <= 0xFF5A))
            return 1;
    }
    return 0;
}

static int fl_load(void)
{
    if (icu.lib)
        return 0;
    void *lib = dlopen(FL_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!lib)
        return -1;
    int missing = 0;
#define FL_RESOLVE(name)                                                                           \
    if (!(*(void **)&icu.name = dlsym(lib, FL_STR(name))))                                         \
        missing = 1;
    FL_FUNCTIONS(FL_RESOLVE)
#undef FL_RESOLVE
    if (missing)
        return -1; /* not this ICU: the library stays mapped, and unused */
    icu.lib = lib;
    return 0;
}

/* The transform of `form`, opened the first time (a failure is not tried again). */
static UTransliterator *fl_transform(enum fl_form form)
{
    if (icu.trans[form] || icu.failed[form])
        return icu.trans[form];
    icu.failed[form] = 1;
    if (fl_load() != 0)
        return NULL;
    UParseError where;
    UErrorCode status = U_ZERO_ERROR;
    UTransliterator *t =
        icu.utrans_openU(u"twinreg-fold", -1, UTRANS_FORWARD, rules[form], -1, &where, &status);
    if (U_FAILURE(status)) {
        if (t)
            icu.utrans_close(t);
        return NULL;
    }
    icu.failed[form] = 0;
    return icu.trans[form] = t;
}

void fl_shutdown(void)
{
    for (int f = 0; f < 2; f++) {
        if (icu.trans[f])
            icu.utrans_close(icu.trans[f]);
        icu.trans[f] = NULL;
        icu.failed[f] = 0;
    }
    if (icu.lib)
        icu.u_cleanup(); /* ICU's caches of transform data */
    /* The library stays mapped: dlclose of ICU would run its destructors twice. */
}

int fl_transliterate(enum fl_form form, const char *text, char *buf, size_t cap)
{
    /* A name is at most a few hundred bytes: twice its length in UTF-16 units is room for
     * every expansion (ß → ss, ﬃ → ffi), and overflow is detected anyway. */
    enum { UNITS = 2048 };
    UChar units[UNITS];
    int32_t len = 0, limit;
    UErrorCode status = U_ZERO_ERROR;
    UTransliterator *t = fl_transform(form);
    if (!t || cap > INT32_MAX)
        return -1;
    icu.u_strFromUTF8(units, UNITS / 2, &len, text, -1, &status);
    if (U_FAILURE(status) || status == U_STRING_NOT_TERMINATED_WARNING)
        return -1;
    limit = len;
    icu.utrans_transUChars(t, units, &len, UNITS, 0, &limit, &status);
    if (U_FAILURE(status) || len >= UNITS)
        return -1;
    icu.u_strToUTF8(buf, (int32_t)cap, NULL, units, len, &status);
    return U_FAILURE(status) || status == U_STRING_NOT_TERMINATED_WARNING ? -1 : 0;
}
