/* The timeline drawing of the report page: dates as fractions of years along one axis,
 * everything written as SVG elements with its text escaped (a title may hold markup). */
#include "cli/report_timeline.h"

#include "twinreg/core/xml_text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The drawing's frame, in SVG user units (it scales to the page's width). */
enum { WIDTH = 800, LABEL = 170, RIGHT = 20, AXIS = 28, LANE = 24, BAR = 10 };

/* A date as a year with its fraction: "1992" is its first day, "1992-07" July's. NAN for
 * anything else (an undated agreement). */
static double when(json_t *date)
{
    const char *s = json_string_value(date);
    if (!s || strlen(s) < 4)
        return NAN;
    double t = atoi(s);
    if (strlen(s) >= 7)
        t += (atoi(s + 5) - 1) / 12.0;
    if (strlen(s) >= 10)
        t += (atoi(s + 8) - 1) / 365.25;
    return t;
}

struct frame {
    double from, to; /* the axis' first and last year */
    double today;
};

static double x_of(const struct frame *fr, double t)
{
    return LABEL + (t - fr->from) / (fr->to - fr->from) * (WIDTH - LABEL - RIGHT);
}

static void widen(struct frame *fr, double t)
{
    if (isnan(t))
        return;
    fr->from = fmin(fr->from, t);
    fr->to = fmax(fr->to, t);
}

/* Every date the drawing shows lies within the axis. */
static struct frame frame_of(json_t *pair)
{
    struct frame fr = {INFINITY, -INFINITY, when(json_object_get(pair, "day"))};
    widen(&fr, fr.today);
    size_t i, k;
    json_t *v, *e;
    json_array_foreach (json_object_get(pair, "agreements"), i, v) {
        widen(&fr, when(json_object_get(v, "signed_on")));
        widen(&fr, when(json_object_get(v, "expires_on")));
        widen(&fr, when(json_object_get(v, "ended_on")));
        json_array_foreach (json_object_get(v, "events"), k, e)
            widen(&fr, when(json_object_get(e, "on")));
    }
    json_array_foreach (json_object_get(pair, "programs"), i, v)
        widen(&fr, when(json_object_get(v, "started_on")));
    if (!isfinite(fr.from)) /* no day either: a year around nothing */
        fr.from = 2000, fr.to = 2001, fr.today = NAN;
    fr.from = floor(fr.from);
    fr.to = floor(fr.to) + 1;
    return fr;
}

static void axis(FILE *out, const struct frame *fr, int height)
{
    int span = (int)(fr->to - fr->from), step = 1;
    static const int steps[] = {1, 2, 5, 10, 20, 25, 50, 100};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0] && span / step > 12; i++)
        step = steps[i];
    fputs("<g class=\"axis\" font-size=\"10\" fill=\"#444\" stroke=\"#ccc\">", out);
    for (int y = (int)ceil(fr->from / step) * step; y <= fr->to; y += step) {
        double x = x_of(fr, y);
        fprintf(out,
                "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>"
                "<text x=\"%.1f\" y=\"%d\" stroke=\"none\" text-anchor=\"middle\">%d</text>",
                x, AXIS - 6, x, height - 4, x, AXIS - 10, y);
    }
    if (!isnan(fr->today))
        fprintf(out,
                "<line class=\"today\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
                "stroke=\"#b00\" stroke-dasharray=\"3 2\"/>",
                x_of(fr, fr->today), AXIS - 6, x_of(fr, fr->today), height - 4);
    fputs("</g>\n", out);
}

/* A tick at date `t` of lane `y`, with its words as a tooltip: "CLASS: WHAT WHEN". */
static void tick(FILE *out, const struct frame *fr, double t, int y, const char *class,
                 const char *what, const char *date)
{
    if (isnan(t))
        return;
    fprintf(out,
            "<line class=\"%s\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#222\" "
            "stroke-width=\"1.5\"><title>",
            class, x_of(fr, t), y - BAR / 2 - 4, x_of(fr, t), y + BAR / 2 + 4);
    tr_xml_put(out, what);
    fputs(" ", out);
    tr_xml_put(out, date);
    fputs("</title></line>", out);
}

static void label(FILE *out, int y, const char *a, const char *b)
{
    fprintf(out, "<text x=\"4\" y=\"%d\" font-size=\"11\">", y + 4);
    tr_xml_put(out, a);
    fputs(" ", out);
    tr_xml_put(out, b);
    fputs("</text>", out);
}

/* A bar of lane `y` from t to u (at least a sliver), its tooltip open for the caller to
 * write and close with "</title></rect>". */
static void bar(FILE *out, const struct frame *fr, const char *class, const char *fill, double t,
                double u, int y)
{
    fprintf(out,
            "<rect class=\"%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
            "fill=\"%s\"><title>",
            class, x_of(fr, t), y - BAR / 2, fmax(x_of(fr, u) - x_of(fr, t), 1.5), BAR, fill);
}

/* Where the solid bar ends: the end, an expiry already past, or the report's day. */
static double lane_end(const struct frame *fr, double ended, double expires)
{
    if (!isnan(ended))
        return ended;
    if (!isnan(expires) && (isnan(fr->today) || expires <= fr->today))
        return expires;
    return isnan(fr->today) ? fr->to : fr->today;
}

static void lane(FILE *out, const struct frame *fr, json_t *v, int y)
{
    char id[32];
    snprintf(id, sizeof id, "%lld", (long long)json_integer_value(json_object_get(v, "id")));
    double from = when(json_object_get(v, "signed_on"));
    double ended = when(json_object_get(v, "ended_on"));
    double expires = when(json_object_get(v, "expires_on"));
    double to = lane_end(fr, ended, expires);
    fprintf(out, "<g class=\"lane\" data-agreement=\"%s\">", id);
    label(out, y, id, json_string_value(json_object_get(v, "kind")));
    if (!isnan(from)) {
        bar(out, fr, "span", "#4a78a8", from, to, y);
        tr_xml_put(out, json_string_value(json_object_get(v, "title")));
        fputs("</title></rect>", out);
        if (isnan(ended) && !isnan(expires) && expires > to)
            fprintf(out,
                    "<line class=\"ahead\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
                    "stroke=\"#4a78a8\" stroke-dasharray=\"4 3\"/>",
                    x_of(fr, to), y, x_of(fr, expires), y);
    } else {
        fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"#666\">(undated)</text>",
                LABEL, y + 4);
    }
    size_t k;
    json_t *e;
    json_array_foreach (json_object_get(v, "suspensions"), k, e) {
        double s = when(json_object_get(e, "from")), u = when(json_object_get(e, "until"));
        u = isnan(u) ? to : u;
        if (isnan(s))
            continue;
        bar(out, fr, "suspension", "#e8a33d", s, u, y);
        fputs("suspended ", out);
        tr_xml_put(out, json_string_value(json_object_get(e, "from")));
        fputs(": ", out);
        tr_xml_put(out, json_string_value(json_object_get(e, "reason")));
        fputs("</title></rect>", out);
    }
    json_array_foreach (json_object_get(v, "events"), k, e)
        tick(out, fr, when(json_object_get(e, "on")), y, "event",
             json_string_value(json_object_get(e, "event")),
             json_string_value(json_object_get(e, "on")));
    fputs("</g>\n", out);
}

void report_timeline_svg(FILE *out, json_t *pair)
{
    struct frame fr = frame_of(pair);
    json_t *agreements = json_object_get(pair, "agreements");
    json_t *programs = json_object_get(pair, "programs"), *v;
    size_t lanes = json_array_size(agreements) + (json_array_size(programs) ? 1 : 0), i;
    int height = AXIS + (int)lanes * LANE + 8;
    fprintf(out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" viewBox=\"0 0 %d %d\" "
            "width=\"%d\" height=\"%d\" role=\"img\" font-family=\"sans-serif\">"
            "<title>Timeline of the agreements</title>\n",
            WIDTH, height, WIDTH, height);
    axis(out, &fr, height);
    int y = AXIS + LANE / 2;
    json_array_foreach (agreements, i, v)
        lane(out, &fr, v, y), y += LANE;
    if (json_array_size(programs)) {
        fputs("<g class=\"programs\">", out);
        label(out, y, "programs", "");
        json_array_foreach (programs, i, v)
            tick(out, &fr, when(json_object_get(v, "started_on")), y, "program",
                 json_string_value(json_object_get(v, "code")),
                 json_string_value(json_object_get(v, "started_on")));
        fputs("</g>\n", out);
    }
    fputs("</svg>", out);
}
