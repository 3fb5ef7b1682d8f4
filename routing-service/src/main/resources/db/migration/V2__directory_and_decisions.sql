-- The directory of desks: which desk answers 110 now and where its calls go. The static facts (name, kind,
-- regencies, HQ) are reference data in code; rows are seeded from it at start.
CREATE TABLE unit_directory (
    code        text PRIMARY KEY,
    status      text        NOT NULL CHECK (status IN ('LIVE', 'PENDING', 'SUSPENDED')),
    destination text        NOT NULL CHECK (length(destination) BETWEEN 1 AND 255),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    -- Polda NTT is the desk of last resort: it never leaves LIVE, whatever the code above does.
    CONSTRAINT polda_always_live CHECK (code <> 'POLDA-NTT' OR status = 'LIVE')
);

-- Every status change, append-only: who, when, from what, to what, why; change_id makes a retried change count once.
CREATE TABLE unit_status_history (
    id              bigserial PRIMARY KEY,
    unit_code       text        NOT NULL REFERENCES unit_directory (code),
    change_id       text        NOT NULL UNIQUE,
    status          text        NOT NULL CHECK (status IN ('LIVE', 'PENDING', 'SUSPENDED')),
    previous_status text        NOT NULL CHECK (previous_status IN ('LIVE', 'PENDING', 'SUSPENDED')),
    reason          text        NOT NULL,
    changed_by      text        NOT NULL,
    changed_at      timestamptz NOT NULL
);
CREATE INDEX unit_status_history_unit ON unit_status_history (unit_code, changed_at);

CREATE FUNCTION refuse_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME;
END;
$$;
-- Statement-level, so that even an UPDATE or DELETE that matches no row is refused.
CREATE TRIGGER unit_status_history_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON unit_status_history
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change();

-- Mobile cell → regency, loaded by operators.
CREATE TABLE cell_location (
    cell       text PRIMARY KEY CHECK (length(cell) BETWEEN 1 AND 64),
    regency    text        NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Landline prefixes added by operators on top of the area codes of the reference data (which need no row).
CREATE TABLE number_prefix (
    prefix     text PRIMARY KEY CHECK (prefix ~ '^0[1-79][0-9]{1,12}$'),
    regencies  text[]      NOT NULL CHECK (cardinality(regencies) > 0),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Bumped in the transaction of every directory change: replicas poll it to rebuild their routing snapshot.
CREATE TABLE directory_revision (
    id       int PRIMARY KEY CHECK (id = 1),
    revision bigint NOT NULL
);
INSERT INTO directory_revision (id, revision) VALUES (1, 0);

-- Every routing decision, written in batches after the call was answered; also the outbox towards stats-service:
-- delivered_at stays NULL until stats-service has acknowledged it.
CREATE TABLE routing_decision (
    call_id         text PRIMARY KEY,
    caller          text,
    regency         text,
    covering_unit   text,
    unit            text        NOT NULL,
    reason          text        NOT NULL,
    located_by      text        NOT NULL,
    decided_at      timestamptz NOT NULL,
    delivered_at    timestamptz,
    attempts        int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX routing_decision_to_deliver ON routing_decision (next_attempt_at) WHERE delivered_at IS NULL;
CREATE INDEX routing_decision_decided_at ON routing_decision (decided_at);
