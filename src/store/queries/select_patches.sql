-- select_patches: one page of a job's patches matching the filters, ordered by id (stable paging).
-- The bbox test reads only the bbox columns, so DuckDB prunes row groups by their min/max.
-- Parameters: $1 job_id; $2 west, $3 south, $4 east, $5 north (lon/lat bbox the patch bbox must intersect;
--   ±Infinity when unbounded); $6 codes INTEGER[] (empty = every code); $7 min area_m2 (0 = no minimum);
--   $8 review_status (NULL = any); $9 limit; $10 offset.
-- Returns: job_id, id, code, value, from_class, to_class, pixel_count, area_m2, area_ellipsoid_m2, perimeter_m,
--   centroid_x, centroid_y, centroid_lon, centroid_lat, xmin, ymin, xmax, ymax, lon_min, lat_min, lon_max, lat_max,
--   mean_magnitude, geojson, properties, review_status
SELECT job_id, id, code, value, from_class, to_class, pixel_count, area_m2, area_ellipsoid_m2, perimeter_m,
       centroid_x, centroid_y, centroid_lon, centroid_lat, xmin, ymin, xmax, ymax, lon_min, lat_min, lon_max, lat_max,
       mean_magnitude, geojson, properties, review_status
FROM patches
WHERE job_id = $1
  AND lon_max >= $2 AND lat_max >= $3 AND lon_min <= $4 AND lat_min <= $5
  AND (len($6) = 0 OR list_contains($6, code::INTEGER))
  AND area_m2 >= $7
  AND ($8 IS NULL OR review_status = $8)
ORDER BY id
LIMIT $9 OFFSET $10
