-- A change routing-service refused for good (a 4xx: it will refuse it again) stops being retried and is FAILED, for a
-- person to see (routingSync FAILED, the error, a metric and an alert) instead of a retry loop nobody notices.
ALTER TABLE routing_change DROP CONSTRAINT routing_change_state_check;
ALTER TABLE routing_change ADD CONSTRAINT routing_change_state_check
    CHECK (state IN ('PENDING', 'DELIVERED', 'SUPERSEDED', 'FAILED'));
