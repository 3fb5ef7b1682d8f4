-- The call-back queue (issue 16): one item per caller number and desk while missed calls wait for a call back.
-- Items are derived from calls by CallbackQueue, which recomputes a caller's items whenever a leg of theirs arrives,
-- so legs in any order and replayed batches give the same queue.

-- One row per call (all its legs merged): who called, which desk it rang first, whether any desk answered.
-- caller is the E.164 form, NULL when the call carried no number to call back ("withheld").
CREATE TABLE callback_call (
    call_id         text        PRIMARY KEY,
    caller          text,
    started_at      timestamptz NOT NULL,
    first_unit      text        NOT NULL,
    units           text[]      NOT NULL,
    answered        boolean     NOT NULL,
    answered_unit   text,
    answered_at     timestamptz,
    item_id         bigint
);
CREATE INDEX callback_call_caller ON callback_call (caller, started_at) WHERE caller IS NOT NULL;
-- Missed calls without a number, counted per desk and day by GET /stats/callbacks.
CREATE INDEX callback_call_withheld ON callback_call (started_at) INCLUDE (first_unit) WHERE caller IS NULL AND NOT answered;

CREATE TABLE callback_item (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    caller           text        NOT NULL,
    unit             text        NOT NULL,
    first_missed_at  timestamptz NOT NULL,
    last_missed_at   timestamptz NOT NULL,
    missed_calls     integer     NOT NULL CHECK (missed_calls >= 0),
    desks_rung       text[]      NOT NULL,
    status           text        NOT NULL CHECK (status IN ('OPEN', 'CLOSED')),
    outcome          text CHECK (outcome IN ('CALLER_GOT_THROUGH', 'REACHED', 'WRONG_NUMBER', 'PRANK', 'NOT_NEEDED')),
    closed_at        timestamptz,
    closed_by        text,
    -- CALLER_GOT_THROUGH: the answered call that closed it
    got_through_call text,
    got_through_unit text,
    first_attempt_at timestamptz,
    attempts         integer     NOT NULL DEFAULT 0,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'OPEN') = (outcome IS NULL) AND (status = 'OPEN') = (closed_at IS NULL)),
    -- At most one open item per number and desk; deferred, so that a recomputation may close one and open the next.
    CONSTRAINT callback_item_one_open EXCLUDE USING btree (caller WITH =, unit WITH =) WHERE (status = 'OPEN')
        DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX callback_item_caller ON callback_item (caller, first_missed_at);
CREATE INDEX callback_item_open ON callback_item (first_missed_at, id) WHERE status = 'OPEN';
CREATE INDEX callback_item_unit_open ON callback_item (unit, first_missed_at, id) WHERE status = 'OPEN';
CREATE INDEX callback_item_unit_first_missed ON callback_item (unit, first_missed_at, id);
CREATE INDEX callback_item_first_missed ON callback_item (first_missed_at, id);

-- Per desk and WITA day of the first miss: the figures of GET /stats/callbacks and the totals of GET /callbacks, kept
-- in step with every change of an item (recomputation, attempt) in the same transaction, so that a month's figures
-- never need a scan of its items.
CREATE TABLE callback_rollup_daily (
    unit              text   NOT NULL,
    day               date   NOT NULL,
    missed_callers    bigint NOT NULL,
    self_resolved     bigint NOT NULL,
    reached           bigint NOT NULL,
    closed_other      bigint NOT NULL,
    open              bigint NOT NULL,
    not_self_resolved bigint NOT NULL,
    within_15_min     bigint NOT NULL,
    -- Items by minutes from first miss to first attempt, in the buckets of CallbackRollup.EDGES: the median's source.
    wait_hist         bigint[] NOT NULL,
    PRIMARY KEY (unit, day)
);
CREATE INDEX callback_rollup_daily_day ON callback_rollup_daily (day);

-- Attempts to call back: append-only, here as in the API.
CREATE TABLE callback_attempt (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    item_id  bigint      NOT NULL REFERENCES callback_item (id),
    at       timestamptz NOT NULL DEFAULT now(),
    by       text        NOT NULL,
    outcome  text        NOT NULL CHECK (outcome IN ('REACHED', 'NO_ANSWER', 'WRONG_NUMBER', 'PRANK', 'NOT_NEEDED')),
    note     text
);
CREATE INDEX callback_attempt_item ON callback_attempt (item_id, at);

CREATE FUNCTION callback_attempt_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'callback_attempt is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER callback_attempt_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON callback_attempt
    FOR EACH STATEMENT EXECUTE FUNCTION callback_attempt_append_only();

-- Callers whose items must be recomputed, from their earliest changed call on; written in the transaction that stores
-- the legs, so a crash between ingestion and recomputation loses nothing. A worker claims a row for a while (in its own
-- short transaction, so ingestion never waits for a recomputation), and deletes it afterwards only if no batch marked
-- the caller again meanwhile (version unchanged); a claim that was never finished expires and is taken again.
CREATE TABLE callback_dirty (
    caller        text        PRIMARY KEY,
    since         timestamptz NOT NULL,
    marked_at     timestamptz NOT NULL DEFAULT now(),
    version       bigint      NOT NULL DEFAULT 1,
    claimed_until timestamptz
);
CREATE INDEX callback_dirty_marked ON callback_dirty (marked_at);
