/* The order people sort names in, defined once: case and accents do not count (the folded
 * key of fold.h), then the name as written, byte by byte, breaks ties. The store's SQL sorts
 * by the same two columns (ST_NAME_ORDER, src/store/name_order.h), so C and SQL agree. */
#ifndef TWINREG_NAME_ORDER_H
#define TWINREG_NAME_ORDER_H

/* <0, 0 or >0 as name a sorts before, with or after name b; `key_a`/`key_b` are their
 * folded keys (tr_fold). A NULL key sorts after every key, a NULL name after every name. */
int tr_name_cmp(const char *key_a, const char *name_a, const char *key_b, const char *name_b);

#endif
