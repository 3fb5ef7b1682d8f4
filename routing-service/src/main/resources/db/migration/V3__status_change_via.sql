-- Who carried a status change out for the person in changed_by: the service account (e.g. rollout-service switching
-- a desk after a manager's go-live), or null when that person did it themselves. Identity and access, issue 14.
ALTER TABLE unit_status_history ADD COLUMN via text;
