-- After the bulk load, what autovacuum would soon do on its own: statistics and the visibility map.
VACUUM ANALYZE incident;
