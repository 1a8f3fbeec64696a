/* The registry a fuzz target works on: a fresh database file of its own, opened once. */
#ifndef TWINREG_FUZZ_STORE_H
#define TWINREG_FUZZ_STORE_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "store/store_internal.h" /* the fuzz targets look inside the store */
#include "twinreg/store/store.h"

/* A new, empty registry in a temporary file (aborts when it cannot be made). */
static inline tr_store *fuzz_open_store(void)
{
    char path[] = "/tmp/twinreg-fuzz-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        abort();
    close(fd);
    unlink(path); /* tr_store_open creates it afresh */
    tr_store *store;
    tr_error err;
    tr_error_init(&err);
    if (tr_store_open(&store, path, &err) != 0) {
        fprintf(stderr, "fuzz: %s\n", err.message);
        abort();
    }
    return store;
}

#endif
