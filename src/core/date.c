/* Partial-date parsing and formatting. Strict: exactly four-digit years, two-digit months
 * and days, the day checked against the month's length (leap years included). */
#include "twinreg/core/date.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Reads exactly n ASCII digits. */
static int read_digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

int tr_date_parse(const char *text, tr_date *out, const char *what, tr_error *err)
{
    const char *field = what ? what : "date";
    tr_date d = {0, 0, 0, TR_DATE_YEAR};
    size_t len = text ? strlen(text) : 0;
    int ok = 0;
    if (len == 4 || len == 7 || len == 10) {
        ok = read_digits(text, 4, &d.year) == 0 && d.year >= 1;
        if (ok && len >= 7) {
            ok = text[4] == '-' && read_digits(text + 5, 2, &d.month) == 0 && d.month >= 1 &&
                 d.month <= 12;
            d.precision = TR_DATE_MONTH;
        }
        if (ok && len == 10) {
            ok = text[7] == '-' && read_digits(text + 8, 2, &d.day) == 0 && d.day >= 1 &&
                 d.day <= days_in_month(d.year, d.month);
            d.precision = TR_DATE_DAY;
        }
    }
    if (!ok) {
        char shown[64];
        snprintf(shown, sizeof shown, "%s", text ? text : "");
        return tr_error_set(err, TR_REJECTED,
                            "invalid %s '%s': expected YYYY, YYYY-MM or YYYY-MM-DD (a real date)",
                            field, shown);
    }
    *out = d;
    return 0;
}

void tr_date_format(const tr_date *d, char buf[11])
{
    if (d->precision == TR_DATE_YEAR)
        snprintf(buf, 11, "%04d", d->year);
    else if (d->precision == TR_DATE_MONTH)
        snprintf(buf, 11, "%04d-%02d", d->year, d->month);
    else
        snprintf(buf, 11, "%04d-%02d-%02d", d->year, d->month, d->day);
}

void tr_date_first_day(const tr_date *d, char buf[11])
{
    snprintf(buf, 11, "%04d-%02d-%02d", d->year, d->month ? d->month : 1, d->day ? d->day : 1);
}

int tr_date_certainly_before(const char *a, const char *b)
{
    /* Valid texts are zero-padded and ordered year, month, day: their common prefix of the
     * shorter length compares as the dates do at the coarser precision. */
    size_t la = strlen(a), lb = strlen(b);
    return strncmp(a, b, la < lb ? la : lb) < 0;
}

void tr_date_today(char buf[11])
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(buf, 11, "%Y-%m-%d", &tm);
}
