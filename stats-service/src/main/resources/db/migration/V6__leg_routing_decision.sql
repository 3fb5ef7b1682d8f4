-- The routing decision each leg followed, as the SIP edge knew it: the regency report places a call that has legs but
-- no decision from routing-service (the edge's fallback while routing was down, a delivery lost) by its legs' regency.
-- On the partitioned parent, so every partition (and those PartitionMaintenance creates later) gets the columns.
-- Nullable without a default: no partition is rewritten. The checks are NOT VALID, so adding them scans no month of
-- legs under the lock ingestion needs; they hold for every leg written from now on, and the older legs are all NULL.
ALTER TABLE call_leg
    ADD COLUMN regency    text,
    ADD COLUMN located_by text,
    ADD COLUMN reason     text;
ALTER TABLE call_leg ADD CONSTRAINT call_leg_located_by_check
    CHECK (located_by IN ('GPS', 'GPS_NEAREST', 'CELL', 'DECLARED', 'NUMBER_PREFIX', 'NONE')) NOT VALID;
ALTER TABLE call_leg ADD CONSTRAINT call_leg_reason_check
    CHECK (reason IN ('DIRECT', 'COVERING_UNIT_NOT_LIVE', 'COVERING_UNIT_SUSPENDED', 'UNKNOWN_LOCATION', 'OUTSIDE_AREA',
                      'ROUTING_UNAVAILABLE')) NOT VALID;
