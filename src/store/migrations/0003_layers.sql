-- 0003_layers: supervision layers (planning / management GeoJSON) and patch × feature overlaps.
-- Append-only: once merged, never edit; add 0004_… instead.

-- One imported layer file. id = file stem (unique in a layers folder); importing it again replaces it.
CREATE TABLE layers (
  id             VARCHAR PRIMARY KEY,
  kind           VARCHAR NOT NULL,           -- permanent_basic_farmland | ecological_redline | … (src/supervise/layer-kind.ts)
  source_file    VARCHAR NOT NULL,
  epsg           INTEGER,                    -- CRS of the source coordinates (NULL for a proj4-only CRS)
  proj4          VARCHAR NOT NULL,
  feature_count  INTEGER NOT NULL,           -- features in the file, valid or not
  problems       JSON NOT NULL,              -- invalid geometries: [{index, id, kind, message, action}]
  imported_at    TIMESTAMP NOT NULL          -- UTC
);

-- Features of a layer: lon/lat GeoJSON geometry plus bbox columns (row-group pruning for bbox queries).
CREATE TABLE layer_features (
  layer_id       VARCHAR NOT NULL,
  feature_index  INTEGER NOT NULL,           -- position in the source file
  feature_id     VARCHAR NOT NULL,
  properties     JSON,
  geojson        VARCHAR NOT NULL,           -- RFC 7946 geometry in lon/lat
  lon_min        DOUBLE NOT NULL,
  lat_min        DOUBLE NOT NULL,
  lon_max        DOUBLE NOT NULL,
  lat_max        DOUBLE NOT NULL,
  repaired       BOOLEAN NOT NULL,
  PRIMARY KEY (layer_id, feature_index)
);

-- Exact overlap of each change patch with each layer feature it meets (area > 0).
CREATE TABLE patch_overlaps (
  job_id         VARCHAR NOT NULL,
  patch_id       VARCHAR NOT NULL,
  layer_id       VARCHAR NOT NULL,
  layer_kind     VARCHAR NOT NULL,
  feature_index  INTEGER NOT NULL,
  feature_id     VARCHAR NOT NULL,
  overlap_m2     DOUBLE NOT NULL,
  share          DOUBLE NOT NULL,            -- overlap_m2 / patch area
  PRIMARY KEY (job_id, patch_id, layer_id, feature_index)
);
