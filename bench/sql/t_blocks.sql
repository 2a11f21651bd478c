-- Reference for bench/tiles.sh (b): the statement the API runs for a mine-parcels tile of WebMercatorQuad at
-- generalisation level 0 for a staff key (every block; TileRenderer.statement, rendered by jOOQ), with the tile as
-- pgbench variables (:z, :x, :y). TileInteropTest checks that it draws the API's tile.
WITH bounds(env, box, px_w, px_h, serial) AS (
  SELECT e.env, e.box,
         (ST_XMax(ST_Transform(e.env, 4490)) - ST_XMin(ST_Transform(e.env, 4490))) * CAST(1.953125E-3 AS double precision),
         (ST_YMax(ST_Transform(e.env, 4490)) - ST_YMin(ST_Transform(e.env, 4490))) * CAST(1.953125E-3 AS double precision),
         -- PARALLEL UNSAFE, so the statement is planned without parallel workers (MvtSql.serialPlan).
         set_config('max_parallel_workers_per_gather', '0', true)
  FROM (SELECT ST_TileEnvelope(:z, :x, :y, ST_MakeEnvelope(CAST(-2.0037508342789244E7 AS double precision), CAST(-2.0037508342789244E7 AS double precision),
                 CAST(2.0037508342789244E7 AS double precision), CAST(2.0037508342789244E7 AS double precision), 3857), CAST(0E0 AS double precision)) AS env,
               ST_Transform(ST_TileEnvelope(:z, :x, :y, ST_MakeEnvelope(CAST(-2.0037508342789244E7 AS double precision), CAST(-2.0037508342789244E7 AS double precision),
                 CAST(2.0037508342789244E7 AS double precision), CAST(2.0037508342789244E7 AS double precision), 3857), CAST(1.5625E-2 AS double precision)), 4490) AS box) AS e)
SELECT (SELECT ST_AsMVT(t0, 'mine-parcels', 4096, 'geom')
        FROM (SELECT ST_AsMVTGeom(ST_Transform(ST_Simplify(CASE WHEN ST_NPoints(mine_parcel.geom) > 256
                                                               THEN ST_ClipByBox2D(mine_parcel.geom, bounds.box::box2d)
                                                               ELSE mine_parcel.geom END,
                                                          (least(bounds.px_w, bounds.px_h) / CAST(2E0 AS double precision))), 3857),
                                  bounds.env, 4096, 64, true) AS geom,
                     CAST(mine_parcel.id AS varchar) AS "id",
                     CAST(mine_parcel.code AS varchar) AS "code",
                     CAST(mine_parcel.name AS varchar) AS "name",
                     CAST(mine_parcel.county_code AS varchar) AS "countyCode",
                     (SELECT county.name FROM county WHERE county.code = CAST(mine_parcel.county_code AS char(6))) AS "county",
                     CAST(mine_parcel.status AS varchar) AS "status",
                     CAST(mine_parcel.mining_method AS varchar) AS "miningMethod",
                     CAST(mine_parcel.area_m2 AS double precision) AS "areaM2"
              FROM mine_parcel, bounds
              WHERE ((mine_parcel.geom && bounds.box) AND true
                     AND ((ST_XMax(mine_parcel.geom::box2d) - ST_XMin(mine_parcel.geom::box2d)) >= bounds.px_w
                          OR (ST_YMax(mine_parcel.geom::box2d) - ST_YMin(mine_parcel.geom::box2d)) >= bounds.px_h))) AS t0) AS tile;
