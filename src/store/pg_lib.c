/* libpq loaded on first use (pg_lib.h): dlopen of the library the build found, and one
 * dlsym per function the store calls. */
#ifdef TWINREG_POSTGRESQL
#define PG_LIB_SELF
#include "store/pg_lib.h"

#include <dlfcn.h>

struct pg_lib pg_lib;

int pg_lib_load(tr_error *err)
{
    static int loaded;
    if (loaded)
        return 0;
    /* The soname: libpq's ABI has been 5 since PostgreSQL 8.2. */
    void *lib = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (!lib)
        return tr_error_set(err, TR_IO, "cannot use PostgreSQL: %s (apt-get install libpq5)",
                            dlerror());
    const char *missing = NULL;
#define PG_LIB_RESOLVE(name)                                                                       \
    if (!(*(void **)&pg_lib.name = dlsym(lib, #name)) && !missing)                                 \
        missing = #name;
    PG_LIB_FUNCTIONS(PG_LIB_RESOLVE)
#undef PG_LIB_RESOLVE
    if (missing) {
        dlclose(lib);
        return tr_error_set(err, TR_IO, "cannot use PostgreSQL: libpq.so.5 has no %s", missing);
    }
    loaded = 1;
    return 0;
}
#endif
