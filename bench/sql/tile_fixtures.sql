-- The tiles bench/tiles.sh measures, one NAME<TAB>value per line: (a) the z14 WebMercatorQuad tile with the most
-- current farmland patches (counted on every 50th patch), (b) the z10 tile with the most blocks; *_HITS is how many
-- rows each tile's buffered box holds, DATASET the current farmland dataset (the API binds it as a constant).
WITH d AS (SELECT current_dataset_id AS id FROM layer WHERE code = 'BASIC_FARMLAND'),
farm AS (
    SELECT floor((ST_X(g) + 20037508.342789244) / (40075016.685578488 / 16384))::int AS x,
           floor((20037508.342789244 - ST_Y(g)) / (40075016.685578488 / 16384))::int AS y
    FROM (SELECT ST_Transform(ST_PointOnSurface(f.geom), 3857) AS g
          FROM farmland_patch f, d WHERE f.dataset_id = d.id AND f.id % 50 = 0) s
), a AS (SELECT x, y FROM farm GROUP BY x, y ORDER BY count(*) DESC, x, y LIMIT 1),
blocks AS (
    SELECT floor((ST_X(g) + 20037508.342789244) / (40075016.685578488 / 1024))::int AS x,
           floor((20037508.342789244 - ST_Y(g)) / (40075016.685578488 / 1024))::int AS y
    FROM (SELECT ST_Transform(ST_PointOnSurface(geom), 3857) AS g FROM mine_parcel) s
), b AS (SELECT x, y FROM blocks GROUP BY x, y ORDER BY count(*) DESC, x, y LIMIT 1)
SELECT 'DATASET', id::text FROM d
UNION ALL SELECT 'A_X', x::text FROM a
UNION ALL SELECT 'A_Y', y::text FROM a
UNION ALL SELECT 'A_HITS', (SELECT count(*) FROM farmland_patch f, d, a
                            WHERE f.dataset_id = d.id AND f.geom && ST_Transform(ST_TileEnvelope(14, a.x, a.y, margin => 0.015625), 4490))::text
UNION ALL SELECT 'B_X', x::text FROM b
UNION ALL SELECT 'B_Y', y::text FROM b
UNION ALL SELECT 'B_HITS', (SELECT count(*) FROM mine_parcel p, b
                            WHERE p.geom && ST_Transform(ST_TileEnvelope(10, b.x, b.y, margin => 0.015625), 4490))::text;
