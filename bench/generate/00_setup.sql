-- Bench data generator, step 0: helpers, parameters, fixtures table, one dataset per layer.
-- Runs in the separate bench database only. Everything the generator needs besides the registry's own
-- tables lives in schema bench, so the registry schema stays exactly what the migrations made.
-- Parameters arrive as session settings (bench.farmland, bench.parcels, ...) set by the driver.

CREATE SCHEMA bench;

-- An irregular star-shaped polygon around (0,0) with k vertices, radii in [rmin, 1].
-- Star-shaped with increasing angles means simple, hence valid, whatever the random draw; callers
-- scale it with ST_Affine, which keeps it simple. Built from a point array: an ordered
-- ST_MakeLine aggregate is about twice as slow, which matters at a million patches.
CREATE FUNCTION bench.unit_star(k int, rmin float8) RETURNS geometry LANGUAGE sql VOLATILE AS $$
    SELECT ST_MakePolygon(ST_MakeLine(pts || pts[1]))
    FROM (SELECT ARRAY(
              SELECT ST_MakePoint(r * cos(t), r * sin(t))
              FROM (SELECT rmin + (1 - rmin) * random() AS r,
                           2 * pi() * (j + 0.35 * (random() - 0.5)) / k AS t
                    FROM generate_series(0, k - 1) AS j) v) AS pts) a
$$;

-- A large natural-looking outline (red lines, zones, mountains) with n vertices: a smooth random radius
-- (a few harmonics) within [0.7, 1], plus jitter of about half the vertex spacing so that it is not a
-- perfect curve. Jitter much larger than the spacing would make a saw blade that no survey draws (and
-- that ST_Subdivide cuts into ten times as many pieces). Star-shaped, hence valid, as above.
CREATE FUNCTION bench.smooth_star(n int) RETURNS geometry LANGUAGE sql VOLATILE AS $$
    WITH phase AS (SELECT 2 * pi() * random() AS p1, 2 * pi() * random() AS p2, 2 * pi() * random() AS p3,
                          2 * pi() * random() AS p4)
    SELECT ST_MakePolygon(ST_MakeLine(pts || pts[1]))
    FROM (SELECT ARRAY(
              SELECT ST_MakePoint(r * cos(t), r * sin(t))
              FROM (SELECT t, 0.85 + 0.08 * sin(2 * t + p1) + 0.04 * sin(5 * t + p2) + 0.02 * sin(11 * t + p3)
                              + 0.008 * sin(29 * t + p4) + 3.0 / n * (random() - 0.5) AS r
                    FROM phase, LATERAL (SELECT 2 * pi() * j / n AS t FROM generate_series(0, n - 1) AS j) a) v
          ) AS pts) b
$$;

-- Restarts random() from the seed, shifted by a salt, so each script (or farmland chunk) draws its own
-- stream: a layer then depends only on the seed and its own parameters, never on how many rows another
-- layer consumed before it.
CREATE FUNCTION bench.reseed(salt int) RETURNS void LANGUAGE sql VOLATILE AS $$
    SELECT setseed(mod(current_setting('bench.seed')::numeric + salt * 0.0618034, 1)::float8)
$$;

-- A polygon built in EPSG:4547 metres (edges straight in the zone, as registered blocks are drawn),
-- stored as the registry stores everything: MultiPolygon in EPSG:4490.
CREATE FUNCTION bench.to_storage(g geometry) RETURNS geometry LANGUAGE sql IMMUTABLE AS $$
    SELECT ST_Multi(ST_Transform(ST_SetSRID(g, 4547), 4490))
$$;

-- Layout of the city in EPSG:4547 metres. The region is a rectangle inside the city's lon/lat extent
-- (113.2-115.2 E, 32.3-33.6 N) with about a kilometre to spare on every side.
-- Farmland is laid out in rows of fixed height, starting 6 km south of the overlap fixture and going
-- north (wrapping to the south edge if the city fills up). For small runs the rows are shortened, so the
-- farmland stays a band at least ~12 km tall around the fixtures instead of a thin strip.
-- fixture_a: the registered ~5 km2 block checked against all rules (scenario a), in 确山县 farmland.
-- fixture_c: the proposed geometry (scenario c), 4.5 km east of fixture_a, same farmland density.
-- fixture_b: the block between two 20 000-vertex red lines (scenario b), in the 泌阳县 hills.
-- fixture_d: centre of the 10 km x 10 km box holding a cluster of 50 blocks (scenario d), 泌阳县.
CREATE TABLE bench.param AS
WITH p AS (
    SELECT current_setting('bench.farmland')::int        AS farmland,
           current_setting('bench.red_lines')::int       AS red_lines,
           current_setting('bench.planned_zones')::int   AS planned_zones,
           current_setting('bench.mountains')::int       AS mountains,
           current_setting('bench.parcels')::int         AS parcels,
           427000.0 AS x0, 610000.0 AS x1, 3577000.0 AS y0, 3718000.0 AS y1,
           -- Row height and the mean cell area (m2) it yields with the patch size distribution in
           -- 10_farmland.sql: about 80 patches per km2, so a 5 km2 block meets ~450 of them (edges included).
           110.0 AS row_h, 12600.0 AS mean_cell_m2,
           495000.0 AS ax, 3614000.0 AS ay,
           499500.0 AS cx, 3614000.0 AS cy,
           458000.0 AS bx, 3592000.0 AS by,
           448000.0 AS dx, 3625000.0 AS dy
), l AS (
    SELECT p.*, least(x1 - x0 - 1000, greatest(10000, farmland * mean_cell_m2 / 12000)) AS row_len
    FROM p
)
SELECT l.*,
       least(greatest((ax + cx) / 2 - row_len / 2, x0), x1 - 1000 - row_len) AS row_x0,
       floor((ay - 6000 - y0) / row_h)::int AS first_row,
       floor((y1 - y0) / row_h)::int AS row_count,
       -- Width of the farmland laid so far: 10_farmland.sql runs in chunks and continues from here.
       0.0::float8 AS laid_width
FROM l;

CREATE TABLE bench.fixture (
    name        text PRIMARY KEY,
    scenario    text NOT NULL,
    parcel_id   uuid REFERENCES mine_parcel (id),
    parcel_code text,
    geom        geometry(MultiPolygon, 4490),
    bbox        float8[],
    hits        int,
    seq         bigint,
    note        text NOT NULL
);


WITH ds AS (
    INSERT INTO layer_dataset (layer_code, name, source, version, imported_by)
    SELECT code, name_zh || '(基准测试数据)', 'synthetic: make bench-data', 'bench-1', 'bench-data'
    FROM layer
    RETURNING id, layer_code
)
UPDATE layer SET current_dataset_id = ds.id FROM ds WHERE ds.layer_code = layer.code;
