/* The range of record ids: 1 to 2^53 - 1, the integers a JSON reader that keeps numbers
 * as doubles (JavaScript, many others) still reads exactly. An id at the top of SQLite's
 * 64-bit range would leave no next id: every later insert would fail. */
#ifndef TWINREG_ID_H
#define TWINREG_ID_H

#define TR_ID_MAX 9007199254740991LL /* 2^53 - 1 */

static inline int tr_id_in_range(long long id) { return id >= 1 && id <= TR_ID_MAX; }

#endif
