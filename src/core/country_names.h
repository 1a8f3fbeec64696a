/* The generated names beyond ISO 3166-1's English ones (cmake/gen_country_names.py, from
 * iso-codes' translations, ISO 3166-3 and ISO 3166-2), and what each kind is. */
#ifndef TWINREG_COUNTRY_NAMES_H
#define TWINREG_COUNTRY_NAMES_H

enum tr_country_name_kind {
    TR_CN_TRANSLATION, /* a name in another language ("Mexique", "대한민국") */
    TR_CN_FORMER,      /* an ISO 3166-3 name, under the code that succeeded it ("Zaire") */
    TR_CN_SHORT        /* ISO's name without its qualifier ("Micronesia") */
};

struct tr_country_name {
    const char *alpha2, *name;
    enum tr_country_name_kind kind;
};

/* A territory with a code of its own that ISO 3166-2 lists under another country (FR, RE). */
struct tr_country_territory {
    const char *country, *territory;
};

extern const struct tr_country_name tr_country_names[];
extern const int tr_country_name_count;
extern const struct tr_country_territory tr_country_territories[];
extern const int tr_country_territory_count;

#endif
