-- Every leg id ever accepted: idempotency across the partitions of call_leg (whose key must include started_at).
CREATE TABLE leg_seen (
    id text PRIMARY KEY
);

-- Raw call legs, partitioned by month of started_at; partitions are created on demand by the ingesting service.
CREATE TABLE call_leg (
    id          text        NOT NULL,
    call_id     text        NOT NULL,
    unit        text        NOT NULL,
    caller      text,
    started_at  timestamptz NOT NULL,
    answered_at timestamptz,
    ended_at    timestamptz,
    disposition text        NOT NULL CHECK (disposition IN ('ANSWERED', 'NO_ANSWER', 'BUSY', 'ABANDONED', 'FAILED')),
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (id, started_at)
) PARTITION BY RANGE (started_at);
CREATE INDEX call_leg_call ON call_leg (call_id);
CREATE INDEX call_leg_started ON call_leg (started_at DESC);

-- Per desk and hour (UTC hours: WITA is UTC+8, so they are WITA hours too), maintained with every accepted batch.
-- Answer-time buckets allow the "answered within N s" share for the thresholds in use (10 s national, 15/20 s NENA).
CREATE TABLE leg_rollup_hourly (
    unit            text        NOT NULL,
    hour            timestamptz NOT NULL,
    incoming        bigint      NOT NULL,
    answered        bigint      NOT NULL,
    answered_le_5   bigint      NOT NULL,
    answered_le_10  bigint      NOT NULL,
    answered_le_15  bigint      NOT NULL,
    answered_le_20  bigint      NOT NULL,
    answered_le_30  bigint      NOT NULL,
    answered_le_60  bigint      NOT NULL,
    answer_ms_sum   bigint      NOT NULL,
    PRIMARY KEY (unit, hour)
);
CREATE INDEX leg_rollup_hourly_hour ON leg_rollup_hourly (hour);

-- Routing decisions delivered by routing-service, idempotent by call id.
CREATE TABLE routing_decision (
    call_id       text PRIMARY KEY,
    regency       text,
    covering_unit text,
    unit          text        NOT NULL,
    reason        text        NOT NULL,
    decided_at    timestamptz NOT NULL,
    received_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX routing_decision_decided ON routing_decision (decided_at);
