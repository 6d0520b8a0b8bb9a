-- select_schema_migrations: the migrations already applied, oldest first.
-- Parameters: none.
-- Returns: version INTEGER, name VARCHAR, checksum VARCHAR (sha256 of the file text), applied_at TIMESTAMP.
SELECT version, name, checksum, applied_at
FROM schema_migrations
ORDER BY version
