/* GraphML (per the GraphML primer: keys declared with attr.type) and GEXF 1.3 (with
 * viz:position from the coordinates), written element by element. Both name the same
 * attributes, from one list. */
#include "io/export_graph.h"

#include "twinreg/core/xml_text.h"
#include "twinreg/store/agreement_record.h"

#include <inttypes.h>
#include <jansson.h>

enum attr_type { ATTR_STRING, ATTR_DOUBLE, ATTR_LONG };
static const char *const type_names[] = {"string", "double", "long"};

/* An attribute: its name, its column in the row, its type. */
struct attr {
    const char *name;
    int col;
    enum attr_type type;
};

/* The columns of TR_Q_CITIES: id, name, country, region, wikidata, lon, lat. */
enum { CITY_NAME = 1, CITY_COUNTRY, CITY_REGION, CITY_WIKIDATA, CITY_LON, CITY_LAT };

static const struct attr node_attrs[] = {
    {"name", CITY_NAME, ATTR_STRING},     {"country", CITY_COUNTRY, ATTR_STRING},
    {"region", CITY_REGION, ATTR_STRING}, {"wikidata", CITY_WIKIDATA, ATTR_STRING},
    {"lat", CITY_LAT, ATTR_DOUBLE},       {"lon", CITY_LON, ATTR_DOUBLE},
};
static const struct attr edge_attrs[] = {
    {"agreement", TR_AC_ID, ATTR_LONG},
    {"kind", TR_AC_KIND, ATTR_STRING},
    {"title", TR_AC_TITLE, ATTR_STRING},
    {"signed_on", TR_AC_SIGNED_ON, ATTR_STRING},
    {"in_force_on", TR_AC_IN_FORCE_ON, ATTR_STRING},
    {"expires_on", TR_AC_EXPIRES_ON, ATTR_STRING},
    {"ended_on", TR_AC_ENDED_ON, ATTR_STRING},
};
#define COUNT(a) (sizeof(a) / sizeof(a)[0])

void graph_put_node_id(FILE *out, int64_t city) { fprintf(out, "c%" PRId64, city); }

void graph_put_edge_id(FILE *out, const struct graph_edge *e)
{
    fprintf(out, "a%" PRId64, tr_cursor_int(e->row, TR_AC_ID));
    if (e->pair)
        fprintf(out, "-%d", e->pair);
}

int graph_coordinate(tr_cursor *city, int col, double *value)
{
    if (tr_cursor_kind(city, col) == TR_VALUE_NULL)
        return 0;
    /* Through the store's JSON value: the same double from both engines' column types. */
    json_t *v = tr_cursor_json(city, col);
    *value = json_number_value(v);
    json_decref(v);
    return v != NULL;
}

/* Writes attribute `a` of `row` as `open` NAME `then` VALUE `close`; nothing when null. */
static void put_value(FILE *out, tr_cursor *row, const struct attr *a, const char *open,
                      const char *then, const char *close)
{
    double x = 0;
    if (a->type == ATTR_DOUBLE && !graph_coordinate(row, a->col, &x))
        return;
    if (a->type != ATTR_DOUBLE && tr_cursor_kind(row, a->col) == TR_VALUE_NULL)
        return;
    fputs(open, out);
    fputs(a->name, out);
    fputs(then, out);
    if (a->type == ATTR_DOUBLE)
        fprintf(out, "%.15g", x);
    else if (a->type == ATTR_LONG)
        fprintf(out, "%" PRId64, tr_cursor_int(row, a->col));
    else
        tr_xml_put(out, tr_cursor_text(row, a->col));
    fputs(close, out);
}

static void put_endpoints(FILE *out, const struct graph_edge *e)
{
    fputs("\" source=\"", out);
    graph_put_node_id(out, e->a);
    fputs("\" target=\"", out);
    graph_put_node_id(out, e->b);
    fputs("\"", out);
}

/* ---- GraphML ---- */

static void graphml_begin(FILE *out)
{
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
          "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
          "    xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
          "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
          out);
    for (size_t i = 0; i < COUNT(node_attrs); i++)
        fprintf(out, "  <key id=\"%s\" for=\"node\" attr.name=\"%s\" attr.type=\"%s\"/>\n",
                node_attrs[i].name, node_attrs[i].name, type_names[node_attrs[i].type]);
    for (size_t i = 0; i < COUNT(edge_attrs); i++)
        fprintf(out, "  <key id=\"%s\" for=\"edge\" attr.name=\"%s\" attr.type=\"%s\"/>\n",
                edge_attrs[i].name, edge_attrs[i].name, type_names[edge_attrs[i].type]);
    fputs("  <graph id=\"twinreg\" edgedefault=\"undirected\">\n", out);
}

static void graphml_nothing(FILE *out) { (void)out; }

static void graphml_node(FILE *out, tr_cursor *city)
{
    fputs("    <node id=\"", out);
    graph_put_node_id(out, tr_cursor_int(city, 0));
    fputs("\">", out);
    for (size_t i = 0; i < COUNT(node_attrs); i++)
        put_value(out, city, &node_attrs[i], "<data key=\"", "\">", "</data>");
    fputs("</node>\n", out);
}

static void graphml_edge(FILE *out, const struct graph_edge *e)
{
    fputs("    <edge id=\"", out);
    graph_put_edge_id(out, e);
    put_endpoints(out, e);
    fputs(">", out);
    for (size_t i = 0; i < COUNT(edge_attrs); i++)
        put_value(out, e->row, &edge_attrs[i], "<data key=\"", "\">", "</data>");
    fputs("</edge>\n", out);
}

static void graphml_end(FILE *out) { fputs("  </graph>\n</graphml>\n", out); }

const struct graph_dialect graph_graphml = {graphml_begin,   graphml_nothing, graphml_node,
                                            graphml_nothing, graphml_edge,    graphml_end};

/* ---- GEXF 1.3 ---- */

static void gexf_attributes(FILE *out, const char *class, const struct attr *attrs, size_t n)
{
    fprintf(out, "    <attributes class=\"%s\">\n", class);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "      <attribute id=\"%s\" title=\"%s\" type=\"%s\"/>\n", attrs[i].name,
                attrs[i].name, type_names[attrs[i].type]);
    fputs("    </attributes>\n", out);
}

static void gexf_begin(FILE *out)
{
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\"\n"
          "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
          "    xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" "
          "version=\"1.3\">\n"
          "  <meta><creator>twinreg</creator></meta>\n"
          "  <graph defaultedgetype=\"undirected\" mode=\"static\">\n",
          out);
    /* The name is the node's label; the other node attributes are declared. */
    gexf_attributes(out, "node", node_attrs + 1, COUNT(node_attrs) - 1);
    gexf_attributes(out, "edge", edge_attrs, COUNT(edge_attrs));
}

static void gexf_nodes(FILE *out) { fputs("    <nodes>\n", out); }

static void gexf_attvalues(FILE *out, tr_cursor *row, const struct attr *attrs, size_t n)
{
    fputs("<attvalues>", out);
    for (size_t i = 0; i < n; i++)
        put_value(out, row, &attrs[i], "<attvalue for=\"", "\" value=\"", "\"/>");
    fputs("</attvalues>", out);
}

static void gexf_node(FILE *out, tr_cursor *city)
{
    double lon, lat;
    fputs("      <node id=\"", out);
    graph_put_node_id(out, tr_cursor_int(city, 0));
    fputs("\" label=\"", out);
    tr_xml_put(out, tr_cursor_text(city, CITY_NAME));
    fputs("\">", out);
    gexf_attvalues(out, city, node_attrs + 1, COUNT(node_attrs) - 1);
    /* Gephi draws x to the right and y up: longitude and latitude as they are. */
    if (graph_coordinate(city, CITY_LON, &lon) && graph_coordinate(city, CITY_LAT, &lat))
        fprintf(out, "<viz:position x=\"%.15g\" y=\"%.15g\" z=\"0.0\"/>", lon, lat);
    fputs("</node>\n", out);
}

static void gexf_edges(FILE *out) { fputs("    </nodes>\n    <edges>\n", out); }

static void gexf_edge(FILE *out, const struct graph_edge *e)
{
    fputs("      <edge id=\"", out);
    graph_put_edge_id(out, e);
    put_endpoints(out, e);
    fputs(">", out);
    gexf_attvalues(out, e->row, edge_attrs, COUNT(edge_attrs));
    fputs("</edge>\n", out);
}

static void gexf_end(FILE *out) { fputs("    </edges>\n  </graph>\n</gexf>\n", out); }

const struct graph_dialect graph_gexf = {gexf_begin, gexf_nodes, gexf_node,
                                         gexf_edges, gexf_edge,  gexf_end};
