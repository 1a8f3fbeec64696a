/* How every export reports a failed write of its output. */
#ifndef TWINREG_IO_EXPORT_OUTPUT_H
#define TWINREG_IO_EXPORT_OUTPUT_H

#include <stdio.h>

#include "twinreg/core/error.h"

/* TR_IO with the system's reason (the caller, who knows the target's name, may say it). */
int export_write_failed(FILE *out, tr_error *err);

#endif
