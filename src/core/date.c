/* Partial-date parsing and formatting. Strict: exactly four-digit years, two-digit months
 * and days, the day checked against the month's length (leap years included). */
#include "twinreg/core/date.h"

#include "twinreg/core/number.h"

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

/* A parsed date has a 4-digit year, a month and a day of 2: the modulo says so to the
 * compiler, whose -O3 range analysis otherwise warns that the text may be cut. */
#define DIGITS4(v) ((unsigned)(v) % 10000u)
#define DIGITS2(v) ((unsigned)(v) % 100u)

void tr_date_format(const tr_date *d, char buf[11])
{
    if (d->precision == TR_DATE_YEAR)
        snprintf(buf, 11, "%04u", DIGITS4(d->year));
    else if (d->precision == TR_DATE_MONTH)
        snprintf(buf, 11, "%04u-%02u", DIGITS4(d->year), DIGITS2(d->month));
    else
        snprintf(buf, 11, "%04u-%02u-%02u", DIGITS4(d->year), DIGITS2(d->month), DIGITS2(d->day));
}

void tr_date_first_day(const tr_date *d, char buf[11])
{
    snprintf(buf, 11, "%04u-%02u-%02u", DIGITS4(d->year), DIGITS2(d->month ? d->month : 1),
             DIGITS2(d->day ? d->day : 1));
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

/* Days since 0001-01-01 and back (the proleptic Gregorian calendar), for adding days. */
static long day_number(int y, int m, int d)
{
    long n = d - 1;
    for (int i = 1; i < m; i++)
        n += days_in_month(y, i);
    long py = y - 1;
    return n + py * 365 + py / 4 - py / 100 + py / 400;
}

static void from_day_number(long n, tr_date *out)
{
    int y = (int)(n / 366) + 1; /* at or before the year: a year has at most 366 days */
    while (day_number(y + 1, 1, 1) <= n)
        y++;
    n -= day_number(y, 1, 1);
    int m = 1;
    while (n >= days_in_month(y, m))
        n -= days_in_month(y, m++);
    *out = (tr_date){y, m, (int)n + 1, TR_DATE_DAY};
}

int tr_date_add_span(const char *day, const char *span, char out[11], const char *what,
                     tr_error *err)
{
    tr_date d;
    size_t len = span ? strlen(span) : 0;
    char digits[8] = "";
    long long n = 0;
    char unit = len ? span[len - 1] : '\0';
    if (len >= 2 && len - 1 < sizeof digits)
        memcpy(digits, span, len - 1);
    int ok = (unit == 'y' || unit == 'm' || unit == 'd') &&
             tr_parse_whole(digits, 1, 999999, &n) == 0 && tr_date_parse(day, &d, NULL, err) == 0;
    if (ok && unit == 'd') {
        from_day_number(day_number(d.year, d.month, d.day) + (long)n, &d);
    } else if (ok) {
        long months = (long)d.month - 1 + (unit == 'y' ? 12 * (long)n : (long)n);
        d.year += (int)(months / 12);
        d.month = (int)(months % 12) + 1;
        /* 31 January + 1 month is the last day of February, as a lease counts it */
        if (d.year <= 9999 && d.day > days_in_month(d.year, d.month))
            d.day = days_in_month(d.year, d.month);
    }
    if (!ok || d.year > 9999) {
        char shown[64];
        snprintf(shown, sizeof shown, "%s", span ? span : "");
        return tr_error_set(err, TR_USAGE,
                            "invalid %s '%s': expected a whole number of years, months or days "
                            "from 1 (1y, 6m, 90d), ending by 9999",
                            what, shown);
    }
    tr_date_format(&d, out);
    return 0;
}
