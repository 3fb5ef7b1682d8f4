-- The floor of the ingestion benchmark: the same rows, inserted by PostgreSQL's own multi-row INSERT into a plain table.
CREATE TABLE IF NOT EXISTS bench_leg_plain (
    id text PRIMARY KEY, call_id text NOT NULL, unit text NOT NULL, caller text, started_at timestamptz NOT NULL,
    answered_at timestamptz, ended_at timestamptz, disposition text NOT NULL
);
