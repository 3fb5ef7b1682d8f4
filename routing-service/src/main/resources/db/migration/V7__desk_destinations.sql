-- A desk may have several phones, rung in parallel, the first to answer taking the call (issue 15). destination stays
-- the first of them (what POST /routes has always answered); destinations holds all of them, NULL when there is one.
ALTER TABLE unit_directory ADD COLUMN destinations text[]
    CHECK (destinations IS NULL OR (cardinality(destinations) BETWEEN 2 AND 10 AND destinations[1] = destination));
