-- select_change_area_by_code: the change_area_by_code view for one job.
-- Parameters: $1 job_id.
-- Returns: code, patch_count, pixel_count, area_m2, area_ellipsoid_m2, unreviewed_count, false_detection_count.
SELECT code, patch_count, pixel_count, area_m2, area_ellipsoid_m2, unreviewed_count, false_detection_count
FROM change_area_by_code
WHERE job_id = $1
ORDER BY code
