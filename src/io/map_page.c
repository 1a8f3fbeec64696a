/* The map command's page: one HTML document that needs nothing from elsewhere when it is
 * opened (the outlines, styles and the one script are inside it). */
#include "twinreg/io/map.h"

#include "twinreg/core/xml_text.h"

/* The map's size on the page: the world at the projection's proportions (about 1.92:1). */
#define PAGE_MAP_WIDTH 1000
#define PAGE_MAP_HEIGHT 520

/* Records the page's errors where a headless browser's --dump-dom shows them. */
static const char page_script[] =
    "<script>window.onerror=function(m){var e=document.documentElement;"
    "e.setAttribute('data-errors',(e.getAttribute('data-errors')||'')+m+'; ');};</script>\n";

static const char page_style[] =
    "<style>\n"
    "body{font:14px/1.4 sans-serif;margin:1em;color:#222}\n"
    "h1{font-size:1.3em;margin:0 0 .4em}\n"
    ".notice{background:#fff3cd;border:1px solid #e0c060;padding:.4em .6em}\n"
    ".map{max-width:100%;height:auto;display:block}\n"
    "</style>\n";

int map_page(FILE *out, const tr_map_page *page, const tr_map_city *cities, size_t n,
             const tr_map_arc *arcs, size_t m)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n", out);
    fputs(page_script, out);
    fputs("<title>", out);
    tr_xml_put(out, page->title);
    fputs("</title>\n", out);
    fputs(page_style, out);
    fputs("</head>\n<body>\n<h1>", out);
    tr_xml_put(out, page->title);
    fputs("</h1>\n", out);
    if (page->notice) {
        fputs("<p class=\"notice\" id=\"notice\">", out);
        tr_xml_put(out, page->notice);
        fputs("</p>\n", out);
    }
    if (map_svg(out, cities, n, arcs, m, NULL, PAGE_MAP_WIDTH, PAGE_MAP_HEIGHT) != 0)
        return -1;
    fputs("<p class=\"legend\">", out);
    tr_xml_put(out, page->legend);
    fputs("</p>\n</body>\n</html>\n", out);
    return ferror(out) ? -1 : 0;
}
