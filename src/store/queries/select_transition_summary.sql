-- select_transition_summary: the transition_summary view for one job, largest changed area first.
-- Parameters: $1 job_id.
-- Returns: from_class, to_class, pixels, area_m2, area_share (NULL on the diagonal), patch_count, patch_area_m2.
SELECT from_class, to_class, pixels, area_m2, area_share, patch_count, patch_area_m2
FROM transition_summary
WHERE job_id = $1
ORDER BY (from_class = to_class), area_m2 DESC, from_class, to_class
