/* Country resolution over the generated iso-codes tables and a short alias list: the rules
 * and their order are in twinreg/core/country.h and README "Countries". */
#include "twinreg/core/country.h"

#include "core/country_index.h"
#include "core/country_map.h"
#include "core/country_names.h"
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
    /* Short forms that ISO's names and ISO 3166-3 do not give (step 4). */
    {"Brunei", "BN"},
    {"Moldavia", "MD"},
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

/* A code: alpha-2 or alpha-3, in either case. */
static const struct tr_country *by_code(const char *text)
{
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
    return NULL;
}

/* The names, folded, in the order they are tried: a name found in one tier is never looked
 * for in the next, so an English name wins over a translation that happens to match it.
 * Each tier is built at its first use: most lookups need only the first, and a long import
 * folds each name once rather than once per row. */
enum { TIER_ENGLISH, TIER_TRANSLATION, TIER_FORMER, TIERS };
static struct cx_index tiers[TIERS];

static int build_english(struct cx_index *ix)
{
    for (int i = 0; i < tr_country_count; i++)
        if (cx_add(ix, tr_countries[i].name, &tr_countries[i]) != 0 ||
            cx_add(ix, tr_countries[i].common_name, &tr_countries[i]) != 0 ||
            cx_add(ix, tr_countries[i].official_name, &tr_countries[i]) != 0)
            return -1;
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (cx_add(ix, aliases[i].name, by_alpha2(aliases[i].alpha2)) != 0)
            return -1;
    return 0;
}

static const struct cx_index *tier(int t)
{
    struct cx_index *ix = &tiers[t];
    if (ix->built)
        return ix;
    int rc = t == TIER_ENGLISH ? build_english(ix) : 0;
    for (int i = 0; i < tr_country_name_count && rc == 0 && t != TIER_ENGLISH; i++)
        if ((tr_country_names[i].kind == TR_CN_TRANSLATION) == (t == TIER_TRANSLATION))
            rc = cx_add(ix, tr_country_names[i].name, by_alpha2(tr_country_names[i].alpha2));
    if (rc != 0) {
        cx_release(ix);
        return NULL;
    }
    cx_sort(ix);
    return ix;
}

void tr_country_shutdown(void)
{
    for (int t = 0; t < TIERS; t++)
        cx_release(&tiers[t]);
}

/* The whole text as a code, a name of some tier, or the user's mapping (step 5, last). */
static struct cx_match lookup_whole(const tr_country_map *map, const char *text)
{
    struct cx_match m = {by_code(text), NULL};
    char folded[256];
    if (m.country || tr_fold_into(text, folded, sizeof folded) != 0 || !*folded)
        return m;
    for (int t = 0; t < TIERS && !m.country; t++) {
        const struct cx_index *ix = tier(t);
        if (ix)
            m = cx_find(ix, folded);
    }
    /* The user's map also settles a name that a tier gives to two countries. */
    struct cx_match user = m.country && !m.other ? m : tr_country_map_find(map, folded);
    return user.country ? user : m;
}

/* Step 2: "Georgia (country)". Only this qualifier goes: another one may be what tells two
 * countries apart ("Congo (Kinshasa)"), and guessing it away would choose for the user. */
static struct cx_match lookup_qualified(const tr_country_map *map, const char *text)
{
    struct cx_match m = lookup_whole(map, text);
    size_t len = strlen(text);
    const char *open = strrchr(text, '(');
    char name[256], qualifier[32];
    if (m.country || !open || open == text || text[len - 1] != ')' || len >= sizeof name ||
        tr_fold_into(open, qualifier, sizeof qualifier) != 0 || strcmp(qualifier, "country") != 0)
        return m;
    memcpy(name, text, (size_t)(open - text));
    name[open - text] = '\0';
    return lookup_whole(map, name);
}

static int is_territory(const struct tr_country *country, const struct tr_country *part)
{
    for (int i = 0; i < tr_country_territory_count; i++)
        if (strcmp(tr_country_territories[i].country, country->alpha2) == 0 &&
            strcmp(tr_country_territories[i].territory, part->alpha2) == 0)
            return 1;
    return 0;
}

/* Step 3: "Lower Saxony, Germany", "Réunion, France": the text after a comma (the last
 * first) names the country, unless the text before it is a territory of that country with
 * a code of its own (ISO 3166-2 lists RE under FR): then the territory. */
static struct cx_match lookup(const tr_country_map *map, const char *text)
{
    struct cx_match m = lookup_qualified(map, text);
    char before[256];
    size_t len = strlen(text);
    if (m.country || len >= sizeof before)
        return m;
    memcpy(before, text, len + 1);
    for (char *comma = strrchr(before, ','); comma; comma = strrchr(before, ',')) {
        *comma = '\0';
        const char *after = text + (comma - before) + 1;
        while (*after == ' ')
            after++;
        m = lookup_qualified(map, after);
        if (!m.country)
            continue;
        struct cx_match part = lookup_qualified(map, before);
        if (!m.other && part.country && !part.other && is_territory(m.country, part.country))
            return part;
        return m;
    }
    return (struct cx_match){0};
}

const struct tr_country *tr_country_find(const char *text)
{
    return tr_country_find_with(NULL, text);
}

const struct tr_country *tr_country_find_with(const tr_country_map *map, const char *text)
{
    if (!text || !*text)
        return NULL;
    struct cx_match m = lookup(map, text);
    return m.other ? NULL : m.country;
}

const struct tr_country *tr_country_resolve(const char *text, tr_error *err)
{
    return tr_country_resolve_with(NULL, text, err);
}

const struct tr_country *tr_country_resolve_with(const tr_country_map *map, const char *text,
                                                 tr_error *err)
{
    struct cx_match m = text && *text ? lookup(map, text) : (struct cx_match){0};
    if (m.other) {
        tr_error_set(err, TR_REJECTED, "ambiguous country '%s': it names %s and %s", text,
                     m.country->alpha2, m.other->alpha2);
        return NULL;
    }
    if (m.country)
        return m.country;
    char folded[256];
    const struct cx_index *english = tier(TIER_ENGLISH);
    const char *near = english && text && tr_fold_into(text, folded, sizeof folded) == 0
                           ? cx_nearest(english, folded)
                           : NULL;
    if (near)
        tr_error_set(err, TR_REJECTED, "unknown country '%s': did you mean '%s'?", text, near);
    else
        tr_error_set(err, TR_REJECTED,
                     "unknown country '%s': give an ISO 3166-1 code (MX, MEX) or a name",
                     text ? text : "");
    return NULL;
}

const char *tr_country_display_name(const struct tr_country *c)
{
    return c->common_name ? c->common_name : c->name;
}

const struct tr_country *tr_country_nth(int i)
{
    return i >= 0 && i < tr_country_count ? &tr_countries[i] : NULL;
}
