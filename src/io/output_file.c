/* Writing a named output file: symlinks followed, devices and FIFOs written directly,
 * regular files replaced atomically through a hidden temporary file, registries refused,
 * and temporary files left by a killed command cleaned up. */
#include "twinreg/io/output_file.h"

#include "twinreg/core/folders.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

/* statfs's f_type of /proc (linux/magic.h's PROC_SUPER_MAGIC). */
#define PROC_FS_MAGIC 0x9fa0

/* The files SQLite keeps beside a database: left over, they are replayed onto whatever
 * file next takes its name. */
static const char *const companions[] = {"-wal", "-journal", "-shm", NULL};

/* 1 when the symlink `path` is one of /proc's links to an open file (/proc/self/fd/1,
 * which /dev/stdout and /dev/fd/N lead to): its text names no file to replace ("pipe:[7]",
 * or a file the shell opened with '>>' to append to), so the name is opened as it is. */
static int names_open_file(const char *path)
{
    char dir[4096];
    const char *slash = strrchr(path, '/');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) + 1 : 1, slash ? path : ".");
    struct statfs fs;
    return statfs(dir, &fs) == 0 && fs.f_type == PROC_FS_MAGIC;
}

/* Follows `name` through its symlinks (a dangling one too, as the shell's '>' does) into
 * f->path; f->in_place when the chain reaches a link to an open file. */
static int resolve(tr_output_file *f, tr_error *err)
{
    snprintf(f->path, sizeof f->path, "%s", f->name);
    for (int hops = 0;; hops++) {
        struct stat st;
        if (lstat(f->path, &st) != 0 || !S_ISLNK(st.st_mode))
            return 0;
        if (names_open_file(f->path)) {
            f->in_place = 1;
            return 0;
        }
        if (hops == 40)
            return tr_error_set(err, TR_IO, "cannot write '%s': %s", f->name, strerror(ELOOP));
        char target[4096];
        ssize_t n = readlink(f->path, target, sizeof target - 1);
        if (n < 0)
            return tr_error_set(err, TR_IO, "cannot write '%s': %s", f->name, strerror(errno));
        target[n] = '\0';
        char *slash = strrchr(f->path, '/');
        int dir_len = target[0] == '/' || !slash ? 0 : (int)(slash - f->path + 1);
        char next[4096];
        if (snprintf(next, sizeof next, "%.*s%s", dir_len, f->path, target) >= (int)sizeof next)
            return tr_error_set(err, TR_IO, "cannot write '%s': %s", f->name,
                                strerror(ENAMETOOLONG));
        memcpy(f->path, next, sizeof next);
    }
}

static int same_file(const struct stat *a, const char *path)
{
    struct stat b;
    return stat(path, &b) == 0 && a->st_dev == b.st_dev && a->st_ino == b.st_ino;
}

/* Writing over the open registry (or its log) would destroy it: refused whatever name
 * reaches it. */
static int refuse_registry(tr_output_file *f, const struct stat *st, const char *registry,
                           tr_error *err)
{
    if (!registry)
        return 0;
    int hit = same_file(st, registry);
    for (int i = 0; !hit && companions[i]; i++) {
        char path[4200];
        snprintf(path, sizeof path, "%s%s", registry, companions[i]);
        hit = same_file(st, path);
    }
    if (hit)
        return tr_error_set(err, TR_REJECTED, "cannot write '%s': it is the open registry",
                            f->name);
    return 0;
}

static int is_sqlite_database(const char *path)
{
    static const char magic[16] = "SQLite format 3";
    char head[16];
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    ssize_t n = fd >= 0 ? read(fd, head, sizeof head) : -1;
    if (fd >= 0)
        close(fd);
    return n == (ssize_t)sizeof head && memcmp(head, magic, sizeof magic) == 0;
}

/* The first of path, path-wal, path-journal, path-shm that exists, or NULL. */
static const char *existing_part(const char *path, char *buf, size_t cap)
{
    struct stat st;
    if (lstat(path, &st) == 0)
        return path;
    for (int i = 0; companions[i]; i++) {
        snprintf(buf, cap, "%s%s", path, companions[i]);
        if (lstat(buf, &st) == 0)
            return buf;
    }
    return NULL;
}

/* Where the temporary files of `path` go: "DIR/.NAME" TR_OUTPUT_TMP_MARK. The name is
 * shortened so that the whole stays within a file name's 255 bytes. */
static int tmp_prefix(const char *path, char *buf, size_t cap)
{
    const char *slash = strrchr(path, '/');
    int dir_len = slash ? (int)(slash - path + 1) : 0;
    return snprintf(buf, cap, "%.*s.%.200s" TR_OUTPUT_TMP_MARK, dir_len, path, path + dir_len) >=
                   (int)cap
               ? -1
               : 0;
}

/* Removes the temporary files, and their journals, that a killed command left for the
 * same target: those whose lock nobody holds. */
static void remove_stale(const char *prefix)
{
    const char *slash = strrchr(prefix, '/');
    const char *base = slash ? slash + 1 : prefix;
    size_t base_len = strlen(base);
    char dir[4096];
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(base - prefix) : 2, slash ? prefix : "./");
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strncmp(e->d_name, base, base_len) != 0 || strlen(e->d_name) != base_len + 6)
            continue;
        char path[4400];
        snprintf(path, sizeof path, "%s%s", dir, e->d_name);
        int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
        if (fd < 0)
            continue;
        if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
            for (int i = 0; companions[i]; i++) {
                char part[4500];
                snprintf(part, sizeof part, "%s%s", path, companions[i]);
                unlink(part);
            }
            unlink(path);
        }
        close(fd);
    }
    closedir(d);
}

/* A new temporary file beside f->path, locked (flock) while this process writes it; it
 * takes the target's mode when complete (a new target: what the umask gives). */
static int create_tmp(tr_output_file *f, const struct stat *existing, tr_error *err)
{
    char prefix[4096];
    if (tmp_prefix(f->path, prefix, sizeof prefix) != 0)
        return tr_error_set(err, TR_IO, "cannot write '%s': %s", f->name, strerror(ENAMETOOLONG));
    remove_stale(prefix);
    mode_t mask = umask(0);
    umask(mask);
    f->mode = existing ? existing->st_mode & 07777 : 0666 & ~mask;
    for (;;) {
        snprintf(f->tmp, sizeof f->tmp, "%sXXXXXX", prefix);
        int fd = mkstemp(f->tmp);
        if (fd < 0) {
            f->tmp[0] = '\0';
            return tr_error_set(err, TR_IO, "cannot write '%s': %s", f->name, strerror(errno));
        }
        /* Another process's cleanup may have taken the file between its creation and the
         * lock: then it is no longer ours, and a new one is made. */
        struct stat mine, named;
        if (flock(fd, LOCK_EX) == 0 && fstat(fd, &mine) == 0 && stat(f->tmp, &named) == 0 &&
            mine.st_ino == named.st_ino && mine.st_dev == named.st_dev) {
            f->fd = fd;
            return 0;
        }
        close(fd);
    }
}

int tr_output_open(tr_output_file *f, const char *name, const char *registry, int flags,
                   tr_error *err)
{
    memset(f, 0, sizeof *f);
    f->name = name;
    f->fd = -1;
    f->flags = flags;
    char made[8] = ""; /* whether any was made does not matter here */
    if ((flags & TR_OUTPUT_MAKE_FOLDERS) && tr_make_parent_dirs(name, made, sizeof made, err) != 0)
        return -1;
    if (resolve(f, err) != 0)
        return -1;
    struct stat st;
    int exists = stat(f->path, &st) == 0;
    if (!exists && errno != ENOENT)
        return tr_error_set(err, TR_IO, "cannot write '%s': %s", name, strerror(errno));
    if (exists && refuse_registry(f, &st, registry, err) != 0)
        return -1;
    if (exists && S_ISDIR(st.st_mode))
        return tr_error_set(err, TR_IO, "cannot write '%s': it is a folder", name);
    if (flags & TR_OUTPUT_DATABASE) {
        char buf[4200];
        const char *part = existing_part(f->path, buf, sizeof buf);
        if ((exists && !S_ISREG(st.st_mode)) || f->in_place)
            return tr_error_set(err, TR_IO, "cannot write '%s': not a regular file", name);
        if (part && !(flags & TR_OUTPUT_FORCE))
            return tr_error_set(err, TR_REJECTED,
                                "cannot write '%s': '%s' already exists (--force replaces it)",
                                name, part);
        return create_tmp(f, exists ? &st : NULL, err);
    }
    if (exists && S_ISREG(st.st_mode) && is_sqlite_database(f->path))
        return tr_error_set(
            err, TR_REJECTED,
            "cannot write '%s': it is a SQLite database (a registry?), not replaced", name);
    if ((exists && !S_ISREG(st.st_mode)) || f->in_place) {
        /* A device, a FIFO or an open file (/dev/stdout): written in place; a regular file
         * there is appended to, as the shell opened it ('>' truncated it, '>>' did not). */
        int append = exists && S_ISREG(st.st_mode) ? O_APPEND : 0;
        int fd = open(f->path, O_WRONLY | O_CLOEXEC | O_NOCTTY | append);
        if (fd < 0 || !(f->stream = fdopen(fd, "w"))) {
            int why = errno;
            if (fd >= 0)
                close(fd);
            return tr_error_set(err, TR_IO, "cannot write '%s': %s", name, strerror(why));
        }
        return 0;
    }
    if (create_tmp(f, exists ? &st : NULL, err) != 0 || !(f->stream = fdopen(f->fd, "w"))) {
        tr_error_set(err, TR_IO, "cannot write '%s': %s", name, strerror(errno));
        tr_output_close(f, 0, err);
        return -1;
    }
    f->fd = -1; /* the stream owns it now, and its lock */
    return 0;
}

static int fail(tr_output_file *f, tr_error *err, int why)
{
    return tr_error_set(err, TR_IO, "cannot write '%s': %s", f->name, strerror(why ? why : EIO));
}

int tr_output_close(tr_output_file *f, int ok, tr_error *err)
{
    int rc = ok ? 0 : -1;
    int direct = !f->tmp[0];
    if (f->stream && rc == 0 && (fflush(f->stream) != 0 || ferror(f->stream)))
        rc = fail(f, err, errno);
    /* Data on the disk before the name points at it (a device or FIFO has no disk). */
    int fd = f->stream ? fileno(f->stream) : f->fd;
    if (rc == 0 && !direct && fd >= 0 && (fchmod(fd, f->mode) != 0 || fsync(fd) != 0))
        rc = fail(f, err, errno);
    if (rc == 0 && (f->flags & TR_OUTPUT_FORCE)) {
        for (int i = 0; rc == 0 && companions[i]; i++) {
            char part[4200];
            snprintf(part, sizeof part, "%s%s", f->path, companions[i]);
            if (unlink(part) != 0 && errno != ENOENT)
                rc = fail(f, err, errno);
        }
    }
    /* Renamed while still locked, so that no cleanup takes it first. */
    if (rc == 0 && !direct && rename(f->tmp, f->path) != 0)
        rc = fail(f, err, errno);
    if (rc != 0 && !direct) {
        for (int i = 0; companions[i]; i++) {
            char part[4200];
            snprintf(part, sizeof part, "%s%s", f->tmp, companions[i]);
            unlink(part);
        }
        unlink(f->tmp);
    }
    if (f->stream && fclose(f->stream) != 0 && rc == 0)
        rc = direct ? fail(f, err, errno) : 0;
    if (f->fd >= 0)
        close(f->fd);
    f->stream = NULL;
    f->fd = -1;
    return rc;
}
