-- 0001_init: the core tables of the landwatch store.
-- Append-only: once merged, never edit or reorder this file; add 0002_…, 0003_… instead (the runner
-- records a checksum and refuses a database whose applied migration text differs).
-- Enum-like text columns (status, pass, kind) carry no CHECK constraint on purpose: DuckDB cannot drop a
-- constraint later, so adding a value would need a table rebuild. The store validates them in TypeScript.
-- No FOREIGN KEYs either: DuckDB forbids updating or deleting referenced rows, which cleanup needs.

CREATE TABLE datasets (
  id            VARCHAR PRIMARY KEY,
  path          VARCHAR NOT NULL,
  kind          VARCHAR NOT NULL,            -- 'imagery' | 'landuse' | 'vector'
  epsg          INTEGER,
  proj4         VARCHAR,
  width         INTEGER,
  height        INTEGER,
  geotransform  JSON,                        -- GDAL order: [originX, pixelW, rotX, originY, rotY, pixelH]
  bands         INTEGER,
  acquired      DATE,
  registered_at TIMESTAMP NOT NULL           -- UTC
);

CREATE TABLE jobs (
  id           VARCHAR PRIMARY KEY,
  process_id   VARCHAR NOT NULL,
  status       VARCHAR NOT NULL,             -- accepted | running | successful | failed | dismissed
  params       JSON NOT NULL,
  phase        VARCHAR NOT NULL,
  tiles_done   INTEGER NOT NULL DEFAULT 0,
  tiles_total  INTEGER NOT NULL DEFAULT 0,
  percent      DOUBLE NOT NULL DEFAULT 0,
  eta_seconds  DOUBLE,
  message      VARCHAR,
  error        JSON,
  created_at   TIMESTAMP NOT NULL,           -- all timestamps UTC
  started_at   TIMESTAMP,
  finished_at  TIMESTAMP,
  updated_at   TIMESTAMP NOT NULL
);

-- Per-tile checkpoints: a tile counts as done only once its row is here.
CREATE TABLE tiles (
  job_id      VARCHAR NOT NULL,
  pass        VARCHAR NOT NULL,              -- 'stats' | 'histogram' | 'detect'
  tile_id     INTEGER NOT NULL,
  tile_col    INTEGER NOT NULL,
  tile_row    INTEGER NOT NULL,
  status      VARCHAR NOT NULL,              -- 'done' | 'failed'
  stats       JSON,
  payload     BLOB,                          -- opaque encoded tile result from the runner
  ms          DOUBLE,
  attempts    INTEGER NOT NULL DEFAULT 1,
  updated_at  TIMESTAMP NOT NULL,
  PRIMARY KEY (job_id, pass, tile_id)
);

CREATE TABLE thresholds (
  job_id      VARCHAR NOT NULL,
  method      VARCHAR NOT NULL,              -- 'otsu' | 'fixed' | …
  value       DOUBLE NOT NULL,
  histogram   BLOB,                          -- Float64 counts, little-endian
  spec        JSON,                          -- bins, range, band selection …
  updated_at  TIMESTAMP NOT NULL,
  PRIMARY KEY (job_id, method)
);

-- Change polygons. Geometry is WKB in the native CRS plus GeoJSON text in lon/lat (no spatial extension);
-- the bbox columns let DuckDB prune row groups by min/max for bbox queries.
CREATE TABLE patches (
  job_id             VARCHAR NOT NULL,
  id                 VARCHAR NOT NULL,
  code               UTINYINT NOT NULL,      -- change legend (src/kernels/change-legend.ts)
  value              INTEGER NOT NULL,
  from_class         INTEGER,
  to_class           INTEGER,
  pixel_count        BIGINT NOT NULL,
  area_m2            DOUBLE NOT NULL,
  area_ellipsoid_m2  DOUBLE NOT NULL,
  perimeter_m        DOUBLE NOT NULL,
  centroid_x         DOUBLE NOT NULL,
  centroid_y         DOUBLE NOT NULL,
  centroid_lon       DOUBLE NOT NULL,
  centroid_lat       DOUBLE NOT NULL,
  xmin               DOUBLE NOT NULL,
  ymin               DOUBLE NOT NULL,
  xmax               DOUBLE NOT NULL,
  ymax               DOUBLE NOT NULL,
  lon_min            DOUBLE NOT NULL,
  lat_min            DOUBLE NOT NULL,
  lon_max            DOUBLE NOT NULL,
  lat_max            DOUBLE NOT NULL,
  mean_magnitude     DOUBLE,
  geometry_wkb       BLOB NOT NULL,
  geojson            VARCHAR NOT NULL,
  properties         JSON,
  review_status      VARCHAR NOT NULL DEFAULT 'unreviewed',
  PRIMARY KEY (job_id, id)
);

CREATE TABLE transitions (
  job_id      VARCHAR NOT NULL,
  from_class  INTEGER NOT NULL,
  to_class    INTEGER NOT NULL,
  pixels      BIGINT NOT NULL,
  area_m2     DOUBLE NOT NULL,
  PRIMARY KEY (job_id, from_class, to_class)
);

-- Append-only audit of review decisions; patches.review_status holds the latest one.
CREATE SEQUENCE reviews_id_seq START 1;
CREATE TABLE reviews (
  review_id        BIGINT PRIMARY KEY DEFAULT nextval('reviews_id_seq'),
  job_id           VARCHAR NOT NULL,
  patch_id         VARCHAR NOT NULL,
  status           VARCHAR NOT NULL,         -- unreviewed | confirmed | legal | false_detection | field_check
  previous_status  VARCHAR,
  reviewer         VARCHAR,
  comment          VARCHAR,
  approval_ref     VARCHAR,
  reviewed_at      TIMESTAMP NOT NULL
);

-- Rule hits from src/supervise.
CREATE TABLE violations (
  job_id      VARCHAR NOT NULL,
  patch_id    VARCHAR NOT NULL,
  rule_id     VARCHAR NOT NULL,
  severity    VARCHAR NOT NULL,
  message     VARCHAR,
  evidence    JSON,
  created_at  TIMESTAMP NOT NULL
);
