/* History and undo: every command that writes records what it changed (a changeset of
 * SQLite's session extension) in the same transaction, with the time and the command line;
 * undo applies the inverse of the latest ones. */
#ifndef TWINREG_HISTORY_H
#define TWINREG_HISTORY_H

#include "twinreg/store/store.h"

typedef struct tr_history tr_history;

/* Starts recording the changes of every table but the history itself. Call after
 * tr_store_begin. */
tr_history *tr_history_start(tr_store *store, tr_error *err);
/* Writes what was recorded so far as one part of the entry and goes on recording: a long
 * command calls it every few thousand rows, so memory does not grow with its size. Call
 * only between statements, outside any savepoint. */
int tr_history_flush(tr_history *h, const char *command, tr_error *err);
/* Writes the entry (nothing when nothing changed) and stops recording. Call before commit. */
int tr_history_finish(tr_history *h, const char *command, tr_error *err);
/* What the command reports it did (an import's summary line), kept with the entry and shown
 * by `history` in place of the rows changed; NULL forgets it. Call before finish. */
int tr_history_note(tr_history *h, const char *summary, tr_error *err);
/* Stops recording without writing (the transaction is rolled back). */
void tr_history_cancel(tr_history *h);

/* Rows, newest first: id, at, by, command, inserted, updated, deleted, summary (null when
 * the command noted none). limit <= 0: all. */
int tr_history_list(tr_store *store, long limit, tr_row_fn fn, void *ctx, tr_error *err);
/* Reverts the latest n entries, newest first, inside the caller's transaction, and removes
 * them from the history. TR_REJECTED when there are fewer than n, or when the database
 * no longer holds what an entry changed (a later change conflicts). */
int tr_history_undo(tr_store *store, long n, long *reverted_rows, tr_error *err);
/* The newest entry's id (0: none, -1: unreadable). On a server, the entry of the current
 * transaction (0 until it changes something): reading the newest of all would make every
 * writer a serialization conflict of every other. */
int64_t tr_history_last_id(tr_store *store);
/* Each entry's changeset can be read: 0, or -1 with err naming the first broken one. */
int tr_history_check(tr_store *store, tr_error *err);

#endif
