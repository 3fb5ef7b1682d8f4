-- When the change that set each desk's status was decided at its source (issue 19): a change decided earlier that
-- arrives later (a go-live whose relay timed out but still committed after the rollback) must not undo a newer one.
ALTER TABLE unit_directory ADD COLUMN status_decided_at timestamptz;
UPDATE unit_directory SET status_decided_at = updated_at;
