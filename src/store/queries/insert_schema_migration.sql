-- insert_schema_migration: records one applied migration (inside the migration's own transaction).
-- Parameters: $1 version INTEGER, $2 name VARCHAR, $3 checksum VARCHAR, $4 applied_at ISO-8601 UTC text.
-- Returns: nothing.
INSERT INTO schema_migrations (version, name, checksum, applied_at)
VALUES ($1, $2, $3, CAST($4 AS TIMESTAMP))
