/* First on the include path of src/io and src/cli (CMakeLists.txt): only the store
 * speaks SQL. Ask the store for what you need by name (twinreg/store/cursor.h). */
#error "sqlite3.h outside src/store: the store is opaque; ask it by name (twinreg/store/cursor.h)"
