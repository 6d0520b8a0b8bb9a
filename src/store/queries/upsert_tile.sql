-- upsert_tile: checkpoints one tile. Idempotent: a tile already 'done' is final and never rewritten, and
-- re-committing identical values changes nothing; a 'failed' tile is replaced by a later attempt.
-- Parameters: $1 job_id, $2 pass, $3 tile_id, $4 tile_col, $5 tile_row, $6 status, $7 stats JSON text (or NULL),
--   $8 payload BLOB (or NULL), $9 ms, $10 attempts, $11 updated (ISO-8601 UTC text).
-- Returns: nothing (rows changed: 1 when written, 0 when it was a no-op).
INSERT INTO tiles (job_id, pass, tile_id, tile_col, tile_row, status, stats, payload, ms, attempts, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, CAST($11 AS TIMESTAMP))
ON CONFLICT (job_id, pass, tile_id) DO UPDATE
SET tile_col = excluded.tile_col, tile_row = excluded.tile_row, status = excluded.status, stats = excluded.stats,
    payload = excluded.payload, ms = excluded.ms, attempts = excluded.attempts, updated_at = excluded.updated_at
WHERE tiles.status <> 'done'
  AND (tiles.status <> excluded.status
       OR tiles.attempts <> excluded.attempts
       OR tiles.stats IS DISTINCT FROM excluded.stats
       OR tiles.payload IS DISTINCT FROM excluded.payload)
