/* What io or the CLI must not do: speak SQL. The build of this file with their include
 * path must fail (tests/layers/expect_no_sqlite.cmake). */
#include <sqlite3.h>

int main(void) { return sqlite3_libversion_number() > 0 ? 0 : 1; }
