-- Issue 19: a decision stats-service refused (its per-item `rejected` list) is settled with the reason instead of
-- being marked delivered, and settled decisions are removed after routing.decisions.retention.
ALTER TABLE routing_decision ADD COLUMN rejected text;
CREATE INDEX routing_decision_settled ON routing_decision (delivered_at) WHERE delivered_at IS NOT NULL;
