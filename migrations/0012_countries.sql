-- The countries of ISO 3166-1 (issue 18), so that `sql` can join cities.country on them:
-- the alpha-2 code, the alpha-3 code, ISO's short name, and the name people use (iso-codes'
-- common name where it has one, "South Korea", else the short name). SQL cannot read
-- iso-codes: the store fills the table right after this file, in the same transaction, from
-- the table the program was built with (src/store/countries_fill.c); no command writes it.
CREATE TABLE countries (
    code TEXT PRIMARY KEY CHECK (length(code) = 2 AND code GLOB '[A-Z][A-Z]'),
    alpha3 TEXT NOT NULL UNIQUE CHECK (length(alpha3) = 3 AND alpha3 GLOB '[A-Z][A-Z][A-Z]'),
    name TEXT NOT NULL CHECK (length(name) >= 1),
    common_name TEXT NOT NULL CHECK (length(common_name) >= 1)
) STRICT, WITHOUT ROWID;
