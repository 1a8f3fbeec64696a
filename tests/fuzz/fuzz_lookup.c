/* libFuzzer target: name lookup. Folding, country resolution and city lookup (by id, name,
 * alias, "name,CC") over the reference data set must never crash, and a city found must
 * be found again by its own name and country. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "twinreg/store/city.h"
#include "twinreg/core/country.h"
#include "twinreg/core/fold.h"
#include "twinreg/io/io.h"

#include "fuzz_store.h"

extern const char tr_sample_json[];
static tr_store *store;

/* The registry of the reference data set. */
static void open_store(void)
{
    store = fuzz_open_store();
    tr_error err;
    tr_error_init(&err);
    FILE *sample = fmemopen((void *)tr_sample_json, strlen(tr_sample_json), "r");
    tr_import_options opt = {.format = TR_IMPORT_JSON};
    tr_import *im = NULL;
    if (!sample || !(im = tr_import_open_stream(sample, "sample.json", &opt, &err)) ||
        tr_store_begin(store, &err) != 0 || tr_import_run(im, store, &err) != 0 ||
        tr_store_commit(store, &err) != 0) {
        fprintf(stderr, "fuzz: %s\n", err.message);
        abort();
    }
    tr_import_close(im);
    fclose(sample);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!store)
        open_store();
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    free(tr_fold(text));
    tr_country_find(text);
    int64_t id = 0;
    tr_error err;
    tr_error_init(&err);
    if (tr_city_resolve(store, text, &id, &err) == 0) {
        json_t *city = tr_city_record(store, id, &err);
        if (!city)
            abort();
        char spec[512];
        snprintf(spec, sizeof spec, "%s,%s", json_string_value(json_object_get(city, "name")),
                 json_string_value(json_object_get(city, "country")));
        int64_t again = 0;
        if (tr_city_resolve(store, spec, &again, &err) != 0 || again != id)
            abort();
        json_decref(city);
    }
    tr_error_release(&err);
    free(text);
    return 0;
}
