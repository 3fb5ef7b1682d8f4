-- The first migration of this service's own database: Flyway's history starts here.
-- The service's tables arrive with the migrations of its own issue (V2 onwards).
SELECT 1;
