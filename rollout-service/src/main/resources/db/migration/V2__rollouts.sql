-- One rollout per polres that does not answer 110 yet; rows are seeded at start from the reference data.
CREATE TABLE rollout (
    unit            text PRIMARY KEY,
    stage           text        NOT NULL CHECK (stage IN ('PLANNING', 'PROCUREMENT', 'INSTALLATION', 'TESTING', 'LIVE', 'ROLLED_BACK')),
    target_date     date,
    blockers        jsonb       NOT NULL DEFAULT '[]',
    contact_name    text CHECK (length(contact_name) <= 200),
    contact_phone   text CHECK (length(contact_phone) <= 40),
    live_at         timestamptz,
    -- a go-live accepted for later: the scheduler carries it out once, under this row's lock
    go_live_at      timestamptz,
    go_live_by      text,
    rollback_reason text,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    version         bigint      NOT NULL DEFAULT 0,
    CHECK ((stage = 'LIVE') = (live_at IS NOT NULL)),
    CHECK (go_live_at IS NULL OR stage <> 'LIVE')
);
CREATE INDEX rollout_due ON rollout (go_live_at) WHERE go_live_at IS NOT NULL;

CREATE TABLE rollout_checklist (
    unit     text        NOT NULL REFERENCES rollout (unit),
    item     text        NOT NULL CHECK (item IN ('SITE_READY', 'LINE_PROVISIONED', 'EQUIPMENT_INSTALLED', 'OPERATORS_TRAINED',
                                                  'ROSTER_24_7', 'TEST_CALLS_PASSED', 'DESTINATION_CONFIGURED')),
    done     boolean     NOT NULL DEFAULT false,
    done_at  timestamptz,
    done_by  text,
    evidence text CHECK (length(evidence) <= 2000),
    PRIMARY KEY (unit, item),
    CHECK (done = (done_at IS NOT NULL))
);

-- Every change, append-only: who, when, what it was before and after.
CREATE TABLE rollout_history (
    id     bigserial PRIMARY KEY,
    unit   text        NOT NULL REFERENCES rollout (unit),
    at     timestamptz NOT NULL,
    actor  text        NOT NULL,
    action text        NOT NULL,
    before jsonb,
    after  jsonb,
    note   text
);
CREATE INDEX rollout_history_unit ON rollout_history (unit, id);

CREATE FUNCTION refuse_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER rollout_history_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON rollout_history
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change();

-- The outbox towards routing-service: written in the transaction that changes the rollout, relayed until routing
-- acknowledges (PUT /units/{unit}/status is idempotent by change_id). A newer change for the same desk supersedes an
-- undelivered older one, so routing always ends in the latest state and never replays an outdated one after it.
CREATE TABLE routing_change (
    id              bigserial PRIMARY KEY,
    change_id       text        NOT NULL UNIQUE,
    unit            text        NOT NULL REFERENCES rollout (unit),
    status          text        NOT NULL CHECK (status IN ('LIVE', 'PENDING')),
    reason          text        NOT NULL,
    changed_by      text        NOT NULL,
    created_at      timestamptz NOT NULL,
    state           text        NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING', 'DELIVERED', 'SUPERSEDED')),
    attempts        int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    delivered_at    timestamptz,
    last_error      text
);
CREATE INDEX routing_change_due ON routing_change (next_attempt_at, id) WHERE state = 'PENDING';
CREATE INDEX routing_change_unit ON routing_change (unit, id);
