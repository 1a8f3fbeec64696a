/* The reason an export's output failed, in the system's words. */
#include "io/export_output.h"
#include "twinreg/io/io.h"

#include <errno.h>
#include <string.h>

int tr_write_error(FILE *out)
{
    /* errno from the failed write is long gone (the store ran since): writing again fails
     * again, and says why. The buffer that failed may have been dropped, so one more byte
     * is written if need be; the output is incomplete already, and reported as such. */
    errno = 0;
    if (fflush(out) == 0 && errno == 0) {
        clearerr(out);
        fputc('\n', out);
        fflush(out);
    }
    return errno ? errno : EIO;
}

int export_write_failed(FILE *out, tr_error *err)
{
    return tr_error_set(err, TR_IO, "cannot write the export: %s", strerror(tr_write_error(out)));
}
