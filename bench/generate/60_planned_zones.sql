-- 规划开采区 of the county master plans. Blocks are meant to lie inside one, so zones are drawn round
-- blocks: one round fixtures a and c (their PLANNED_ZONE check passes), one round the scenario-d cluster,
-- the rest centred on randomly chosen blocks, 2-5 km in radius.

-- Each layer depends only on the seed and its own parameters.
SELECT bench.reseed(60);
WITH zone AS (
    -- Outline radii are at least 0.7 of the scale: 5.2 km keeps both 5 km2 blocks (reaching 3.4 km from
    -- the midpoint) inside; 10.5 km keeps the 10 km box of the cluster (7.1 km to its corners) inside.
    SELECT 1 AS n, ST_Translate(ST_Scale(bench.smooth_star(400), 5200, 5200), (p.ax + p.cx) / 2, (p.ay + p.cy) / 2) AS g
    FROM bench.param p
    UNION ALL
    SELECT 2, ST_Translate(ST_Scale(bench.smooth_star(600), 10500, 10500), p.dx, p.dy)
    FROM bench.param p
    UNION ALL
    SELECT 2 + row_number() OVER (ORDER BY pick), ST_Translate(ST_Scale(bench.smooth_star(n), r, r), x, y)
    FROM (SELECT random() AS pick, 30 + floor(270 * random())::int AS n, 2000 + 3000 * random() AS r,
                 ST_X(ST_Centroid(g)) AS x, ST_Y(ST_Centroid(g)) AS y
          FROM bench.parcel_plan
          WHERE kind = 'regular'
          ORDER BY 1
          LIMIT greatest((SELECT planned_zones FROM bench.param) - 2, 0)) AS picked
)
INSERT INTO planned_mining_zone (dataset_id, plan_name, plan_period, zone_code, geom)
SELECT l.current_dataset_id,
       coalesce((SELECT k.name FROM county k WHERE ST_Intersects(k.boundary, bench.to_storage(ST_Centroid(z.g))) LIMIT 1),
                '驻马店市') || '矿产资源总体规划(基准测试)',
       '2021-2025',
       'KC-BENCH-' || lpad(z.n::text, 3, '0'),
       bench.to_storage(z.g)
FROM zone z
JOIN layer l ON l.code = 'PLANNED_ZONE'
WHERE z.n <= (SELECT planned_zones FROM bench.param);

UPDATE layer_dataset SET feature_count = (SELECT count(*) FROM planned_mining_zone WHERE dataset_id = layer_dataset.id)
WHERE id = (SELECT current_dataset_id FROM layer WHERE code = 'PLANNED_ZONE');
