-- ensure_schema_migrations: creates the migration ledger if the database is new.
-- Parameters: none. Returns: nothing.
CREATE TABLE IF NOT EXISTS schema_migrations (
  version     INTEGER PRIMARY KEY,
  name        VARCHAR NOT NULL,
  checksum    VARCHAR NOT NULL,
  applied_at  TIMESTAMP NOT NULL
)
