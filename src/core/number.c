/* Whole numbers typed by people: digits only, within a range (twinreg/number.h). */
#include "twinreg/core/number.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int tr_parse_whole(const char *text, long long min, long long max, long long *out)
{
    size_t n = text ? strlen(text) : 0;
    if (n == 0 || n > 19 || strspn(text, "0123456789") != n)
        return -1;
    errno = 0;
    long long v = strtoll(text, NULL, 10);
    if (errno || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}
