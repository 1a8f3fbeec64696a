/* The end of every Check suite's main: run the suite, free it, and turn its failures into
 * the exit status CTest reads. */
#ifndef TWINREG_CHECK_RUN_H
#define TWINREG_CHECK_RUN_H

#include <check.h>
#include <stdlib.h>

static inline int check_run(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
