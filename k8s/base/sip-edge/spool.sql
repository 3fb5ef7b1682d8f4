-- COPIED by k8s/generate.sh from telephony/spool.sql. Do not edit: change telephony/spool.sql and run k8s/generate.sh.
-- The SIP edge's spool of legs (issue 15). Kamailio writes a row here as each attempt at a desk ends (sqlops, from the
-- call's own worker but asynchronously, so a call never waits on it); the edge's relay timer sends ready rows on to
-- stats-service (POST /cdrs) and deletes them once stats has them. It lives in PostgreSQL, not on a pod's disk, so
-- neither stats-service being down for minutes nor an edge pod being replaced loses a leg; a leg id is sent again
-- after a failure and stats counts it once. Idempotent: run.sh, the tests and Kubernetes apply it at every start.

CREATE TABLE IF NOT EXISTS edge_leg (
    id            text        PRIMARY KEY,  -- the call's id and the attempt's index: one per attempt at a desk
    call_id       text        NOT NULL,     -- the call's id, as routing recorded its decision
    sip_call_id   text        NOT NULL,     -- the SIP Call-ID, which the BYE carries
    unit          text        NOT NULL,
    caller        text,
    started_at    timestamptz NOT NULL,     -- the INVITE relayed to the desk
    answered_at   timestamptz,
    ended_at      timestamptz,              -- final failure or CANCEL; for an answered leg, see edge_call_end
    disposition   text        NOT NULL,
    regency       text,
    located_by    text,
    reason        text,
    spooled_at    timestamptz NOT NULL DEFAULT now(),
    -- A relay run claims a batch for a while; a crash mid-run only delays it.
    claim         text,
    claimed_until timestamptz
);
CREATE INDEX IF NOT EXISTS edge_leg_spooled ON edge_leg (spooled_at);
CREATE INDEX IF NOT EXISTS edge_leg_sip_call ON edge_leg (sip_call_id);

-- The BYE of an answered call, from whichever edge saw it (it may come before the answered leg is written): an
-- answered leg is sent once its call has ended here, or after 12 hours without a BYE (then without endedAt).
CREATE TABLE IF NOT EXISTS edge_call_end (
    sip_call_id text        PRIMARY KEY,
    ended_at    timestamptz NOT NULL
);
