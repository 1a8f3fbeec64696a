/* Decisions (a council's resolution, a ministry's opinion: one often covers many
 * agreements), the changes of agreements they decide, an agreement's signatories and its
 * approvals. The caller holds the transaction. */
#ifndef TWINREG_DECISION_H
#define TWINREG_DECISION_H

#include <stddef.h>
#include <stdint.h>

#include "twinreg/store/store.h"

typedef struct {
    const char *body, *on;               /* required */
    const char *number, *title, *source; /* NULL: none */
} tr_decision_fields;

int tr_decision_add(tr_store *store, const tr_decision_fields *fields, int64_t *id, tr_error *err);
/* The id of the decision of this body, date and number (NULL: none), or 0 in *id. */
int tr_decision_find(tr_store *store, const tr_decision_fields *fields, int64_t *id, tr_error *err);
/* Parses "7" (an existing decision id); TR_NOT_FOUND otherwise. */
int tr_decision_resolve(tr_store *store, const char *spec, int64_t *id, tr_error *err);
/* {id, by, on, number, title, source, agreements: [{agreement, change, on}]}: the changes
 * it decided and the approvals it gave ("approved"), by date. */
json_t *tr_decision_record(tr_store *store, int64_t id, tr_error *err);
/* Each decision by date, then id: {id, by, on, number, title, source}. */
int tr_decision_list(tr_store *store, tr_row_fn fn, void *ctx, tr_error *err);

/* Checks that decision `decision` exists (TR_NOT_FOUND) and may decide `what` made on `on`
 * (NULL: undated): a change follows the decision that makes it, so a decision dated
 * certainly after it is TR_REJECTED. Asked before the change is written, so that a refused
 * link writes nothing (on PostgreSQL not even an id). */
int tr_decision_check(tr_store *store, int64_t decision, const char *what, const char *on,
                      tr_error *err);
/* Links decision `decision` to a change of agreement `agreement` ("signed", "ended",
 * "amended", "suspended", "resumed") made on `on` (NULL: undated). A change follows the
 * decision that makes it: a decision dated certainly after it is TR_REJECTED. */
int tr_decision_link(tr_store *store, int64_t decision, int64_t agreement, const char *change,
                     const char *on, tr_error *err);

/* Checks signatories as tr_agreement_set_signatories does, writing nothing. */
int tr_agreement_check_signatories(const char *const *names, const char *const *offices, size_t n,
                                   tr_error *err);
/* Replaces the signatories of agreement `id` with names[i] (required) and offices[i]
 * (NULL: none), in that order. */
int tr_agreement_set_signatories(tr_store *store, int64_t id, const char *const *names,
                                 const char *const *offices, size_t n, tr_error *err);

/* Removes the decisions linked to agreement `id` (links) and its approvals (approvals),
 * before an imported list replaces them. */
int tr_agreement_clear_decided(tr_store *store, int64_t id, int links, int approvals,
                               tr_error *err);

/* Records that `body` approved agreement `id` on `on`, by decision `decision` (0: none). An
 * approval is of a signed text: dated certainly before the signing, it is TR_REJECTED, as
 * is a decision dated certainly after the approval. */
int tr_agreement_approve(tr_store *store, int64_t id, const char *body, const char *on,
                         int64_t decision, tr_error *err);

#endif
