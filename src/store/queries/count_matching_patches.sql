-- count_matching_patches: numberMatched for select_patches (same filters, no paging).
-- Parameters: $1 job_id; $2 west, $3 south, $4 east, $5 north (lon/lat bbox the patch bbox must intersect;
--   ±Infinity when unbounded); $6 codes INTEGER[] (empty = every code); $7 min area_m2 (0 = no minimum);
--   $8 review_status (NULL = any).
-- Returns: matched BIGINT.
SELECT count(*) AS matched
FROM patches
WHERE job_id = $1
  AND lon_max >= $2 AND lat_max >= $3 AND lon_min <= $4 AND lat_min <= $5
  AND (len($6) = 0 OR list_contains($6, code::INTEGER))
  AND area_m2 >= $7
  AND ($8 IS NULL OR review_status = $8)
