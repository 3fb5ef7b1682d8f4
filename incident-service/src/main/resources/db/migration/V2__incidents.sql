-- Reports and complaints (laporan/pengaduan) recorded by desk operators from 110 calls.
CREATE TABLE incident (
    id           uuid PRIMARY KEY,
    number       text        NOT NULL UNIQUE,
    unit         text        NOT NULL,
    category     text        NOT NULL CHECK (category IN ('KEJAHATAN', 'PELANGGARAN', 'KECELAKAAN', 'BENCANA_ALAM', 'KERUSUHAN', 'LAINNYA')),
    priority     text        NOT NULL CHECK (priority IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
    status       text        NOT NULL CHECK (status IN ('RECEIVED', 'DISPATCHED', 'ON_SCENE', 'RESOLVED', 'CLOSED', 'PRANK')),
    summary      text        NOT NULL CHECK (length(summary) BETWEEN 3 AND 200),
    description  text        CHECK (length(description) <= 4000),
    caller_name  text        CHECK (length(caller_name) <= 200),
    caller_phone text        CHECK (caller_phone ~ '^\+[1-9][0-9]{6,14}$'),
    lat          double precision CHECK (lat BETWEEN -90 AND 90),
    lon          double precision CHECK (lon BETWEEN -180 AND 180),
    address      text        CHECK (length(address) <= 500),
    regency      text,
    occurred_at  timestamptz,
    reported_by  text        NOT NULL,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    -- when it reached CLOSED or PRANK; the prank window counts from here
    ended_at     timestamptz,
    version      bigint      NOT NULL,
    search       tsvector GENERATED ALWAYS AS (to_tsvector('simple', summary || ' ' || coalesce(description, ''))) STORED
);
-- Newest first, with the id as tie-breaker for a stable order; one index per common filter.
CREATE INDEX incident_created ON incident (created_at DESC, id DESC);
CREATE INDEX incident_unit_created ON incident (unit, created_at DESC, id DESC);
CREATE INDEX incident_status_created ON incident (status, created_at DESC, id DESC);
CREATE INDEX incident_category_created ON incident (category, created_at DESC, id DESC);
CREATE INDEX incident_search ON incident USING gin (search);
CREATE INDEX incident_pranks ON incident (caller_phone, ended_at) WHERE status = 'PRANK';

-- Last number given per desk and year: the row lock taken by the increment serialises creations on one desk,
-- and a rolled-back creation gives its number back, so numbers have no gaps and no duplicates.
CREATE TABLE incident_number_counter (
    unit       text NOT NULL,
    year       int  NOT NULL,
    last_value int  NOT NULL,
    PRIMARY KEY (unit, year)
);

-- Calls about the incident; a call belongs to one incident at most.
CREATE TABLE incident_call (
    incident_id uuid        NOT NULL REFERENCES incident (id),
    call_id     text        NOT NULL UNIQUE CHECK (length(call_id) BETWEEN 1 AND 100),
    attached_at timestamptz NOT NULL,
    PRIMARY KEY (incident_id, call_id)
);

-- Every change, append-only.
CREATE TABLE incident_history (
    id          bigserial PRIMARY KEY,
    incident_id uuid        NOT NULL REFERENCES incident (id),
    at          timestamptz NOT NULL,
    actor       text        NOT NULL,
    action      text        NOT NULL CHECK (action IN ('CREATED', 'TRANSITION', 'CALL_ATTACHED', 'EDITED')),
    from_status text,
    to_status   text,
    note        text,
    changes     jsonb
);
CREATE INDEX incident_history_incident ON incident_history (incident_id, id);

CREATE FUNCTION refuse_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER incident_history_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON incident_history
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change();
