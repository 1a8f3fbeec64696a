/* Folders made for a file about to be written: the registry's on first use, a backup's. */
#ifndef TWINREG_CORE_FOLDERS_H
#define TWINREG_CORE_FOLDERS_H

#include <stddef.h>

#include "twinreg/core/error.h"

/* mkdir -p of the folder that will hold `path` (mode 0755 less the umask); the first
 * folder it makes goes into `first_made` (cap bytes; left as it is when none), so that a
 * caller that fails later can say or remove what it made. TR_IO on failure. */
int tr_make_parent_dirs(const char *path, char *first_made, size_t cap, tr_error *err);

#endif
