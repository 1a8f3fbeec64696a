/* The migration countries (issue 18): the registry's table of ISO 3166-1 countries, filled
 * from the table the program was built with (iso-codes, cmake/gen_iso3166.cmake), since SQL
 * cannot read iso-codes. Runs after the migration's SQL, in its transaction, on both
 * engines (st_migration_step). */
#include "store/migrations.h"

#include "store/util.h"

#include "twinreg/core/country.h"

int st_fill_countries(tr_store *store, tr_error *err)
{
    st_stmt *insert = st_prepare_once(
        store, "INSERT INTO countries (code, alpha3, name, common_name) VALUES (?1, ?2, ?3, ?4)",
        err);
    if (!insert)
        return -1;
    const struct tr_country *c;
    int status = 0;
    for (int i = 0; status == 0 && (c = tr_country_nth(i)); i++) {
        st_bind_text(insert, 1, c->alpha2);
        st_bind_text(insert, 2, c->alpha3);
        st_bind_text(insert, 3, c->name);
        st_bind_text(insert, 4, tr_country_display_name(c));
        status = st_step_done(store, insert, "cannot fill the countries table", err);
    }
    st_finalize(insert);
    return status;
}
