/* Draws a bar chart as standalone SVG 1.1: title, labelled axes, one <rect> per bar with its
 * value in a <title> tooltip. Every text is escaped: labels come from the registry. */
#include "svg_chart.h"

#include <math.h>

#include "twinreg/core/xml_text.h"

#define WIDTH 800.0
#define HEIGHT 400.0
#define LEFT 70.0
#define RIGHT 20.0
#define TOP 40.0
#define BOTTOM 80.0

/* A round top for the y axis: 1, 2 or 5 times a power of ten, at least `max`. */
static double axis_top(double max)
{
    if (max <= 0)
        return 1;
    double p = pow(10, floor(log10(max)));
    return max <= p ? p : max <= 2 * p ? 2 * p : max <= 5 * p ? 5 * p : 10 * p;
}

static void text_at(FILE *out, double x, double y, const char *anchor, const char *extra,
                    const char *text)
{
    fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s>", x, y, anchor, extra);
    tr_xml_put(out, text);
    fputs("</text>\n", out);
}

static void axes(FILE *out, const struct svg_chart *c, double top)
{
    double plot_h = HEIGHT - TOP - BOTTOM;
    fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>\n", LEFT,
            TOP, LEFT, HEIGHT - BOTTOM);
    fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>\n", LEFT,
            HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM);
    for (int i = 0; i <= 4; i++) {
        char tick[32];
        snprintf(tick, sizeof tick, "%g", top * i / 4);
        text_at(out, LEFT - 6, HEIGHT - BOTTOM - plot_h * i / 4 + 4, "end", "", tick);
    }
    text_at(out, WIDTH / 2, 24, "middle", " font-size=\"16\"", c->title);
    text_at(out, (LEFT + WIDTH - RIGHT) / 2, HEIGHT - 10, "middle", "", c->x_label);
    char rotate[96];
    snprintf(rotate, sizeof rotate, " transform=\"rotate(-90 16 %.1f)\"", TOP + plot_h / 2);
    text_at(out, 16, TOP + plot_h / 2, "middle", rotate, c->y_label);
}

int svg_chart_write(FILE *out, const struct svg_chart *c)
{
    double max = 0;
    for (size_t i = 0; i < c->n; i++)
        max = c->bars[i].value > max ? c->bars[i].value : max;
    double top = axis_top(max), plot_w = WIDTH - LEFT - RIGHT, plot_h = HEIGHT - TOP - BOTTOM;
    double slot = c->n ? plot_w / (double)c->n : plot_w;
    fprintf(out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%.0f\" "
            "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" "
            "font-size=\"11\">\n",
            WIDTH, HEIGHT, WIDTH, HEIGHT);
    fputs("<title>", out);
    tr_xml_put(out, c->title);
    fputs("</title>\n", out);
    axes(out, c, top);
    /* Labels under the bars thin out so they never overlap: about one per 40 pixels. */
    size_t every = slot >= 40 ? 1 : (size_t)ceil(40 / slot);
    for (size_t i = 0; i < c->n; i++) {
        double h = plot_h * c->bars[i].value / top, x = LEFT + slot * (double)i;
        fprintf(out,
                "<rect class=\"bar\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
                "fill=\"#4a7ab5\"><title>",
                x + slot * 0.1, HEIGHT - BOTTOM - h, slot * 0.8, h);
        tr_xml_put(out, c->bars[i].label);
        fprintf(out, ": %g</title></rect>\n", c->bars[i].value);
        if (i % every == 0) {
            char rotate[96];
            snprintf(rotate, sizeof rotate, " transform=\"rotate(-45 %.1f %.1f)\"", x + slot / 2,
                     HEIGHT - BOTTOM + 14);
            text_at(out, x + slot / 2, HEIGHT - BOTTOM + 14, "end", rotate, c->bars[i].label);
        }
    }
    return fprintf(out, "</svg>\n");
}
