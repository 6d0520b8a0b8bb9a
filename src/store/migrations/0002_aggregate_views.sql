-- 0002_aggregate_views: read-only aggregates for reports and the API.
-- Append-only: once merged, never edit; replace a view in a later migration (CREATE OR REPLACE VIEW).

-- Change area per change code of each job, with review progress.
CREATE VIEW change_area_by_code AS
SELECT
  job_id,
  code,
  count(*)::BIGINT                                         AS patch_count,
  sum(pixel_count)::BIGINT                                 AS pixel_count,
  sum(area_m2)                                             AS area_m2,
  sum(area_ellipsoid_m2)                                   AS area_ellipsoid_m2,
  count(*) FILTER (WHERE review_status = 'unreviewed')::BIGINT      AS unreviewed_count,
  count(*) FILTER (WHERE review_status = 'false_detection')::BIGINT AS false_detection_count
FROM patches
GROUP BY job_id, code;

-- Changed pixels and area per detect tile, read from the tile's stats JSON
-- (keys changedPixels and changedAreaM2; NULL when the runner did not record them).
CREATE VIEW change_by_tile AS
SELECT
  job_id,
  tile_id,
  tile_col,
  tile_row,
  TRY_CAST(json_extract(stats, '$.changedPixels') AS BIGINT) AS changed_pixels,
  TRY_CAST(json_extract(stats, '$.changedAreaM2') AS DOUBLE) AS changed_area_m2,
  ms,
  attempts
FROM tiles
WHERE pass = 'detect' AND status = 'done';

-- Land-use transitions of each job: share of the job's changed area (NULL on the diagonal, where the class
-- did not change) and the polygons kept after the minimum mapping unit.
CREATE VIEW transition_summary AS
WITH kept AS (
  SELECT job_id, from_class, to_class, count(*)::BIGINT AS patch_count, sum(area_m2) AS patch_area_m2
  FROM patches
  WHERE from_class IS NOT NULL AND to_class IS NOT NULL
  GROUP BY job_id, from_class, to_class
)
SELECT
  t.job_id,
  t.from_class,
  t.to_class,
  t.pixels,
  t.area_m2,
  CASE WHEN t.from_class <> t.to_class THEN
    t.area_m2 / nullif(sum(CASE WHEN t.from_class <> t.to_class THEN t.area_m2 END) OVER (PARTITION BY t.job_id), 0)
  END AS area_share,
  coalesce(k.patch_count, 0)::BIGINT AS patch_count,
  coalesce(k.patch_area_m2, 0)       AS patch_area_m2
FROM transitions t
LEFT JOIN kept k USING (job_id, from_class, to_class);
