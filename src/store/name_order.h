/* The people's order of names in SQL (tr_name_cmp's, include/twinreg/core/name_order.h):
 * the folded key, then the name as written. Both columns are compared as bytes on both
 * engines (SQLite's BINARY, PostgreSQL's tr_text domain is COLLATE "C"). */
#ifndef TWINREG_STORE_NAME_ORDER_H
#define TWINREG_STORE_NAME_ORDER_H

/* "c.name_key, c.name" for the alias "c". */
#define ST_NAME_ORDER(alias) alias ".name_key, " alias ".name"

#endif
