-- list_tiles: the checkpoints of one pass without payloads, by tile id.
-- Parameters: $1 job_id, $2 pass.
-- Returns: job_id, pass, tile_id, tile_col, tile_row, status, stats, ms, attempts, updated_at, payload_bytes (octet length of the payload, NULL when none).
SELECT job_id, pass, tile_id, tile_col, tile_row, status, stats, ms, attempts, updated_at, octet_length(payload) AS payload_bytes
FROM tiles
WHERE job_id = $1 AND pass = $2
ORDER BY tile_id
