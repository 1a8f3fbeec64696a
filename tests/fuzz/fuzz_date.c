/* libFuzzer target: the date parser. A date it accepts must print back exactly as given
 * (the precision given is kept) and have a first day that parses as a full date. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "twinreg/core/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char text[64];
    if (size >= sizeof text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    tr_date d;
    tr_error err;
    tr_error_init(&err);
    if (tr_date_parse(text, &d, "date", &err) != 0) {
        if (err.status != TR_REJECTED)
            abort();
        return 0;
    }
    char back[11], first[11];
    tr_date_format(&d, back);
    if (strcmp(back, text) != 0)
        abort();
    tr_date_first_day(&d, first);
    tr_date full;
    if (tr_date_parse(first, &full, "date", &err) != 0 || full.precision != TR_DATE_DAY)
        abort();
    return 0;
}
