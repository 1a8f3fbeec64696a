/* mkdir -p, one folder at a time, telling which was the first one made. */
#include "twinreg/core/folders.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static int make_dir(const char *dir, char *first_made, size_t cap, tr_error *err)
{
    if (mkdir(dir, 0755) == 0) {
        if (!first_made[0])
            snprintf(first_made, cap, "%s", dir);
        return 0;
    }
    return errno == EEXIST
               ? 0
               : tr_error_set(err, TR_IO, "cannot create folder '%s': %s", dir, strerror(errno));
}

int tr_make_parent_dirs(const char *path, char *first_made, size_t cap, tr_error *err)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return 0;
    *slash = '\0';
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (make_dir(dir, first_made, cap, err) != 0)
            return -1;
        *p = '/';
    }
    return make_dir(dir, first_made, cap, err);
}
