-- Issue 15: GET /routes/{callId} shows a desk where routing placed the caller — the position the call gave (GPS or
-- the PIDF-LO of its INVITE) and what routing ignored in it.
ALTER TABLE routing_decision
    ADD COLUMN lat        double precision,
    ADD COLUMN lon        double precision,
    ADD COLUMN accuracy_m double precision,
    ADD COLUMN warnings   text[];
