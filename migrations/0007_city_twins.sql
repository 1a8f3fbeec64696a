-- Two towns of one name in one country (Nienburg/Weser and Nienburg (Saale)) are two
-- cities when a wikidata id or a region tells them apart (src/store/city_twins.c). The
-- natural key takes twin_key, which twinreg computes since SQL cannot fold: the wikidata
-- id, else 'r:' and the folded region, else ''. Every city of an older registry keeps its
-- (unique) name and country; the migration's C step fills the keys (migration_steps.c).
ALTER TABLE cities ADD COLUMN twin_key TEXT NOT NULL DEFAULT '' CHECK (length(twin_key) <= 700);
DROP INDEX cities_natural_key;
CREATE UNIQUE INDEX cities_natural_key ON cities (name_key, country, twin_key);
