-- select_tile: one checkpoint with its payload.
-- Parameters: $1 job_id, $2 pass, $3 tile_id.
-- Returns: job_id, pass, tile_id, tile_col, tile_row, status, stats, ms, attempts, updated_at, payload (0 or 1 row).
SELECT job_id, pass, tile_id, tile_col, tile_row, status, stats, ms, attempts, updated_at, payload
FROM tiles
WHERE job_id = $1 AND pass = $2 AND tile_id = $3
