-- list_tile_payloads: one page of done tiles with payloads, keyset-paged by tile id so no cursor stays open.
-- Parameters: $1 job_id, $2 pass, $3 after tile_id (exclusive; -1 for the first page), $4 page size.
-- Returns: tile_id, tile_col, tile_row, stats, payload.
SELECT tile_id, tile_col, tile_row, stats, payload
FROM tiles
WHERE job_id = $1 AND pass = $2 AND status = 'done' AND tile_id > $3
ORDER BY tile_id
LIMIT $4
