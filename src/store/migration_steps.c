/* The steps of a migration that SQL cannot do (folding is twinreg's C), run after its SQL
 * in its transaction, on both engines. Found by the migration's name, not its number,
 * which may change when branches meet. */
#include "store/migrations.h"

#include "store/city_parts.h"

#include <string.h>

int st_migration_step(tr_store *store, const char *name, tr_error *err)
{
    static const struct {
        const char *name;
        int (*run)(tr_store *, tr_error *);
    } steps[] = {
        {"city_twins", st_city_fill_twin_keys},
        {"refold_names", st_refold_names},
        {"countries", st_fill_countries},
    };
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (strcmp(steps[i].name, name) == 0)
            return steps[i].run(store, err);
    return 0;
}
