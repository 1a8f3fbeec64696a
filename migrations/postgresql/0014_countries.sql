-- The countries of ISO 3166-1 (issue 18), as SQLite's migrations/0012_countries.sql: code,
-- alpha3, ISO's short name and the common name, filled by the store right after this file
-- (src/store/countries_fill.c). No command writes it, so the history does not record it;
-- every office reads it, as `sql` (on the read-only connection) does.
CREATE TABLE countries (
    code tr_country PRIMARY KEY,
    alpha3 tr_text NOT NULL UNIQUE CHECK (alpha3 ~ '^[A-Z]{3}$'),
    name tr_text NOT NULL CHECK (length(name) >= 1),
    common_name tr_text NOT NULL CHECK (length(common_name) >= 1)
);
GRANT SELECT ON countries TO twinreg_member;
