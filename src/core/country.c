/* Country resolution over the generated iso-codes table and a short alias list. */
#include "twinreg/core/country.h"

#include "core/country_table.h"
#include "twinreg/core/fold.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Names found in real pair lists (Wikipedia, Wikidata labels) that ISO 3166-1 does not
 * carry. Keep it short: anything iso-codes knows does not belong here. */
static const struct {
    const char *name, *alpha2;
} aliases[] = {
    {"England", "GB"},
    {"Scotland", "GB"},
    {"Wales", "GB"},
    {"Northern Ireland", "GB"},
    {"Great Britain", "GB"},
    {"UK", "GB"},
    {"England, United Kingdom", "GB"},
    {"Scotland, United Kingdom", "GB"},
    {"Wales, United Kingdom", "GB"},
    {"Russia", "RU"},
    {"Turkey", "TR"},
    {"Republic of Ireland", "IE"},
    {"Ivory Coast", "CI"},
    {"Cape Verde", "CV"},
    {"USA", "US"},
    {"United States of America", "US"},
    {"Czech Republic", "CZ"},
    {"Swaziland", "SZ"},
    {"Macedonia", "MK"},
    {"Republic of Macedonia", "MK"},
    {"Burma", "MM"},
    {"East Timor", "TL"},
    {"Vatican City", "VA"},
    {"Holy See", "VA"},
    {"People's Republic of China", "CN"},
    {"Republic of China", "TW"},
    {"Kingdom of the Netherlands", "NL"},
    {"The Netherlands", "NL"},
    {"The Gambia", "GM"},
    {"Republic of the Congo", "CG"},
    {"Democratic Republic of the Congo", "CD"},
    {"State of Palestine", "PS"},
    {"Palestine", "PS"},
    {"Palestinian territories", "PS"},
    {"Palestinian National Authority", "PS"},
    {"Kosovo", "XK"},
};

static const struct tr_country kosovo = {"XK", "XKX", "Kosovo", NULL, "Republic of Kosovo"};

/* A two-letter code, in either case: through a table of the 26 x 26 codes, built at the
 * first lookup (a bulk import resolves a country per city: a scan of the list was 2% of
 * it). */
static const struct tr_country *by_alpha2(const char *code)
{
    static short index[26][26]; /* 1 + the country's position; 0: none */
    static int built;
    if (!built) {
        for (int i = 0; i < tr_country_count; i++) {
            const char *c = tr_countries[i].alpha2;
            if (c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z' && !c[2])
                index[c[0] - 'A'][c[1] - 'A'] = (short)(i + 1);
        }
        built = 1;
    }
    int a = toupper((unsigned char)code[0]) - 'A',
        b = code[0] ? toupper((unsigned char)code[1]) - 'A' : -1;
    if (a < 0 || a >= 26 || b < 0 || b >= 26 || code[2])
        return NULL;
    if (index[a][b])
        return &tr_countries[index[a][b] - 1];
    /* Kosovo has the user-assigned code XK, used by the EU and Wikidata but not in ISO. */
    return a == 'X' - 'A' && b == 'K' - 'A' ? &kosovo : NULL;
}

/* Folded names of every country and alias, built on the first lookup by name, so that a
 * long import folds each country name once rather than once per row. */
struct folded_name {
    char *folded;
    const struct tr_country *country;
};
static struct folded_name *folded_names;
static size_t folded_count;

static void add_folded(const char *name, const struct tr_country *c)
{
    if (!name || !c)
        return;
    char *f = tr_fold(name);
    if (f)
        folded_names[folded_count++] = (struct folded_name){f, c};
}

static int build_folded_names(void)
{
    if (folded_names)
        return 0;
    size_t n_aliases = sizeof aliases / sizeof aliases[0];
    folded_names = calloc((size_t)tr_country_count * 3 + n_aliases, sizeof *folded_names);
    if (!folded_names)
        return -1;
    for (int i = 0; i < tr_country_count; i++) {
        add_folded(tr_countries[i].name, &tr_countries[i]);
        add_folded(tr_countries[i].common_name, &tr_countries[i]);
        add_folded(tr_countries[i].official_name, &tr_countries[i]);
    }
    for (size_t i = 0; i < n_aliases; i++)
        add_folded(aliases[i].name, by_alpha2(aliases[i].alpha2));
    return 0;
}

void tr_country_shutdown(void)
{
    for (size_t i = 0; i < folded_count; i++)
        free(folded_names[i].folded);
    free(folded_names);
    folded_names = NULL;
    folded_count = 0;
}

const struct tr_country *tr_country_find(const char *text)
{
    if (!text || !*text)
        return NULL;
    size_t len = strlen(text);
    if (len == 2)
        return by_alpha2(text);
    if (len == 3) {
        for (int i = 0; i < tr_country_count; i++)
            if (strcasecmp(tr_countries[i].alpha3, text) == 0)
                return &tr_countries[i];
        if (strcasecmp(text, "XKX") == 0)
            return &kosovo;
    }
    char folded[256];
    if (tr_fold_into(text, folded, sizeof folded) != 0 || !*folded || build_folded_names() != 0)
        return NULL;
    for (size_t i = 0; i < folded_count; i++)
        if (strcmp(folded_names[i].folded, folded) == 0)
            return folded_names[i].country;
    return NULL;
}

const struct tr_country *tr_country_resolve(const char *text, tr_error *err)
{
    const struct tr_country *c = tr_country_find(text);
    if (!c)
        tr_error_set(err, TR_REJECTED,
                     "unknown country '%s': give an ISO 3166-1 code (MX, MEX) or English name",
                     text ? text : "");
    return c;
}

const char *tr_country_display_name(const struct tr_country *c)
{
    return c->common_name ? c->common_name : c->name;
}
