-- 山体保护重点保护名录: hills of the Tongbai and Funiu foothills in the south-west (泌阳县, 确山县, 遂平县),
-- radius 1-3 km, 100-2 000 vertices, kept out of the farmland band and away from fixtures a, b and c.

-- Each layer depends only on the seed and its own parameters.
SELECT bench.reseed(30);
WITH p AS (
    SELECT *, ST_Collect(ARRAY[ST_MakePoint(ax, ay), ST_MakePoint(cx, cy), ST_MakePoint(bx, by)]) AS fixtures
    FROM bench.param
), candidate AS (
    -- West of 114.0 E and south of 33.3 N.
    SELECT i, p.x0 + (500000 - p.x0) * random() AS x, p.y0 + (3685000 - p.y0) * random() AS y,
           1000 + 2000 * random() AS r
    FROM p, generate_series(1, 10 * p.mountains) AS i
), chosen AS (
    SELECT c.*, row_number() OVER (ORDER BY NOT ST_DWithin(ST_MakePoint(c.x, c.y), p.farmland_band, 3000)
                                                AND NOT ST_DWithin(ST_MakePoint(c.x, c.y), p.fixtures, 3000 + 1300 + 500) DESC,
                                            i) AS n
    FROM candidate c, p
)
INSERT INTO mountain_protection_area (dataset_id, name, geom)
SELECT l.current_dataset_id,
       (ARRAY['铜山', '白云山', '盘古山', '嵖岈山', '老乐山', '金顶山', '竹沟', '薄山'])[1 + c.n % 8] || '(基准测试) ' || c.n,
       bench.to_storage(ST_Translate(ST_Scale(bench.smooth_star(100 + floor(1900 * random() ^ 2)::int), c.r, c.r), c.x, c.y))
FROM chosen c, layer l
WHERE c.n <= (SELECT mountains FROM bench.param) AND l.code = 'MOUNTAIN_PROTECTION';

UPDATE layer_dataset SET feature_count = (SELECT count(*) FROM mountain_protection_area WHERE dataset_id = layer_dataset.id)
WHERE id = (SELECT current_dataset_id FROM layer WHERE code = 'MOUNTAIN_PROTECTION');
