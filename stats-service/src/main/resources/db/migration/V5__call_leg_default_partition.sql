-- Issue 19: ingestion no longer creates partitions (DDL inside an ingest took ACCESS EXCLUSIVE on call_leg, and a
-- batch spread over many months made many tables). PartitionMaintenance creates the current and coming months ahead;
-- a leg of a month without its own partition (a late back-fill of an old month) lands here.
CREATE TABLE IF NOT EXISTS call_leg_default PARTITION OF call_leg DEFAULT;
