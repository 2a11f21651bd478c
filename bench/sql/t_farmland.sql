-- Reference for bench/tiles.sh (a): the statement the API runs for a basic-farmland tile of WebMercatorQuad at
-- generalisation level 0 for a staff key (TileRenderer.statement, rendered by jOOQ), with the tile and the current
-- dataset as pgbench variables (:z, :x, :y, :dataset). TileInteropTest checks that it draws the API's tile. The API
-- inlines the dataset id (its condition is rendered with its value); pgbench binds it.
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
SELECT (SELECT ST_AsMVT(t0, 'basic-farmland', 4096, 'geom', 'id')
        FROM (SELECT ST_AsMVTGeom(ST_Transform(ST_Simplify(CASE WHEN ST_NPoints(farmland_patch.geom) > 256
                                                               THEN ST_ClipByBox2D(farmland_patch.geom, bounds.box::box2d)
                                                               ELSE farmland_patch.geom END,
                                                          (least(bounds.px_w, bounds.px_h) / CAST(2E0 AS double precision))), 3857),
                                  bounds.env, 4096, 64, true) AS geom,
                     farmland_patch.id AS id,
                     CAST(farmland_patch.patch_code AS varchar) AS "patchCode",
                     CAST(farmland_patch.land_class AS varchar) AS "landClass",
                     CAST(farmland_patch.area_m2 AS double precision) AS "areaM2"
              FROM farmland_patch, bounds
              WHERE ((farmland_patch.geom && bounds.box) AND farmland_patch.dataset_id = :dataset
                     AND ((ST_XMax(farmland_patch.geom::box2d) - ST_XMin(farmland_patch.geom::box2d)) >= bounds.px_w
                          OR (ST_YMax(farmland_patch.geom::box2d) - ST_YMin(farmland_patch.geom::box2d)) >= bounds.px_h))) AS t0) AS tile;
