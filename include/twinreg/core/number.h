/* Whole numbers typed by people: on the command line (counts, limits, ids) and in the
 * environment (TWINREG_BUSY_TIMEOUT_MS). One rule for all of them. */
#ifndef TWINREG_NUMBER_H
#define TWINREG_NUMBER_H

/* Decimal digits only, from min to max: no sign, space, unit, exponent or hex, so that
 * junk never passes as a number ("5s" as 5, "abc" as 0, "+5" or " 5" as 5) and a value
 * too large is never clamped to another. 0 with *out set, or -1 with *out untouched. */
int tr_parse_whole(const char *text, long long min, long long max, long long *out);

#endif
