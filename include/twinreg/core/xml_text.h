/* Text inside XML or HTML (GraphML, GEXF, the report's page): escaped for element content
 * and for attribute values alike, and never a character XML 1.0 forbids. */
#ifndef TWINREG_CORE_XML_TEXT_H
#define TWINREG_CORE_XML_TEXT_H

#include <stdio.h>

/* Writes `s` (NULL: nothing) with & < > " ' as references. The registry holds any valid
 * UTF-8, control characters included, but XML 1.0 cannot carry U+0001..U+001F (but tab,
 * line feed and carriage return, written as references so that attributes keep them),
 * U+FFFE, U+FFFF (and U+007F, which HTML refuses) or bytes that are no UTF-8, not even as
 * references: each becomes U+FFFD, so the document stays well-formed whatever a name holds. */
void tr_xml_put(FILE *out, const char *s);

#endif
