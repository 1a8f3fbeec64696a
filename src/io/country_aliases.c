/* import --country-aliases FILE: a user's country names, one "name<TAB or ,>code" a line. */
#include "twinreg/io/io.h"

#include "twinreg/core/utf8.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* One line, its end of line removed: blank, a comment or the first line's header "name,code"
 * (0), a mapping added (0), or a bad line (-1, err says why, without where). */
static int read_line(tr_country_map *map, char *line, int first, tr_error *err)
{
    line[strcspn(line, "\r\n")] = '\0';
    if (!*line || *line == '#')
        return 0;
    if (!tr_utf8_valid(line, strlen(line)))
        return tr_error_set(err, TR_USAGE, "not valid UTF-8");
    /* The last separator: a name may hold a comma ("Korea, North"), a code never does. */
    char *sep = strrchr(line, '\t');
    if (!sep)
        sep = strrchr(line, ',');
    if (!sep)
        return tr_error_set(err, TR_USAGE,
                            "expected a name and a code, separated by a tab or "
                            "comma; got '%s'",
                            line);
    *sep = '\0';
    char *code = sep + 1;
    while (*code == ' ')
        code++;
    code[strcspn(code, " ")] = '\0';
    if (first && strcasecmp(line, "name") == 0 && strcasecmp(code, "code") == 0)
        return 0;
    return tr_country_map_add(map, line, code, err);
}

int tr_country_map_read(tr_country_map *map, const char *path, tr_error *err)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return tr_error_set(err, TR_IO, "unable to open '%s': %s", path, strerror(errno));
    char *line = NULL;
    size_t cap = 0;
    long n = 0;
    int rc = 0;
    while (rc == 0 && getline(&line, &cap, f) >= 0) {
        tr_error why;
        tr_error_init(&why);
        if (read_line(map, line, n == 0, &why) != 0) {
            rc = tr_error_set(err, why.status, "%s:%ld: %s", path, n + 1, why.message);
            tr_error_release(&why);
        }
        n++;
    }
    if (rc == 0 && ferror(f))
        rc = tr_error_set(err, TR_IO, "unable to read '%s': %s", path, strerror(errno));
    free(line);
    fclose(f);
    return rc;
}
