/* First on the include path of src/io and src/cli (CMakeLists.txt): only the store
 * speaks to PostgreSQL, as to SQLite. Ask the store for what you need by name. */
#error "libpq-fe.h outside src/store: the store is opaque; ask it by name (twinreg/store/cursor.h)"
