-- select_patch: one patch with its native-CRS WKB.
-- Parameters: $1 job_id, $2 id.
-- Returns: job_id, id, code, value, from_class, to_class, pixel_count, area_m2, area_ellipsoid_m2, perimeter_m,
--   centroid_x, centroid_y, centroid_lon, centroid_lat, xmin, ymin, xmax, ymax, lon_min, lat_min, lon_max, lat_max,
--   mean_magnitude, geojson, properties, review_status, geometry_wkb (0 or 1 row).
SELECT job_id, id, code, value, from_class, to_class, pixel_count, area_m2, area_ellipsoid_m2, perimeter_m,
       centroid_x, centroid_y, centroid_lon, centroid_lat, xmin, ymin, xmax, ymax, lon_min, lat_min, lon_max, lat_max,
       mean_magnitude, geojson, properties, review_status, geometry_wkb
FROM patches
WHERE job_id = $1 AND id = $2
