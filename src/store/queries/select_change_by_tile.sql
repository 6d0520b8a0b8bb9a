-- select_change_by_tile: the change_by_tile view for one job (done detect tiles).
-- Parameters: $1 job_id.
-- Returns: tile_id, tile_col, tile_row, changed_pixels (NULL if not recorded), changed_area_m2, ms, attempts.
SELECT tile_id, tile_col, tile_row, changed_pixels, changed_area_m2, ms, attempts
FROM change_by_tile
WHERE job_id = $1
ORDER BY tile_id
