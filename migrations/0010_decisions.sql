-- Decisions, signatories, approvals and what a framework requires (issue 16). A decision
-- is a record of its own: one council decision often covers many agreements. Each change
-- it decides (a signing, an end, an amendment, later a suspension) is linked to it in
-- agreement_decisions; an approval names its decision itself.
CREATE TABLE decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 200),
    decided_on TEXT NOT NULL CHECK (decided_on GLOB '[0-9][0-9][0-9][0-9]' OR decided_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'
                          OR decided_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    number TEXT CHECK (length(number) BETWEEN 1 AND 100),
    title TEXT CHECK (length(title) BETWEEN 1 AND 1000),
    source TEXT CHECK (length(source) BETWEEN 1 AND 2000)
) STRICT;

CREATE TABLE agreement_decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    agreement_id INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    decision_id INTEGER NOT NULL REFERENCES decisions (id),
    change TEXT NOT NULL CHECK (change IN ('signed', 'ended', 'amended', 'suspended', 'resumed')),
    happened_on TEXT CHECK (happened_on GLOB '[0-9][0-9][0-9][0-9]' OR happened_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'
                          OR happened_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')
) STRICT;
CREATE INDEX agreement_decisions_agreement ON agreement_decisions (agreement_id);
CREATE INDEX agreement_decisions_decision ON agreement_decisions (decision_id);

-- Who signed, in the order given (position 1 first).
CREATE TABLE agreement_signatories (
    agreement_id INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position BETWEEN 1 AND 100),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
    office TEXT CHECK (length(office) BETWEEN 1 AND 300),
    PRIMARY KEY (agreement_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE agreement_approvals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    agreement_id INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 200),
    approved_on TEXT NOT NULL CHECK (approved_on GLOB '[0-9][0-9][0-9][0-9]' OR approved_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'
                          OR approved_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    decision_id INTEGER REFERENCES decisions (id)
) STRICT;
CREATE INDEX agreement_approvals_agreement ON agreement_approvals (agreement_id);
CREATE INDEX agreement_approvals_decision ON agreement_approvals (decision_id);

-- The approvals a framework requires of the agreements resting on it, by the body that
-- gives them (the 1992 law: the foreign ministry's opinion).
CREATE TABLE framework_requirements (
    framework_code TEXT NOT NULL REFERENCES frameworks (code),
    body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 200),
    PRIMARY KEY (framework_code, body)
) STRICT, WITHOUT ROWID;
