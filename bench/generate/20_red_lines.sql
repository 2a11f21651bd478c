-- 生态保护红线: few polygons, some huge. Vertex counts run from 200 to 20 000, most small; 1% have exactly
-- 20 000, among them the pair that fixture_b straddles. As in 三区三线 planning, red lines and permanent
-- basic farmland exclude each other, so red lines are placed outside the farmland band (while the city has
-- room) and away from the fixtures, whose checks must meet only what the scenarios intend.

-- Each layer depends only on the seed and its own parameters.
SELECT bench.reseed(20);

-- The pair for scenario b: two 20 000-vertex outlines of radius 4 km, west and east of fixture_b's centre,
-- each shifted so its facing edge stops 300 m short of the centre. The fixture block (40_parcels.sql) is
-- 2.4 km wide, so it overlaps both by some 900 m.
WITH shape AS (
    SELECT side, ST_Scale(bench.smooth_star(20000), 4000, 4000) AS g
    FROM (VALUES (-1), (1)) AS s(side)
), facing AS (
    -- The outline's extent along the line from its centre towards fixture_b.
    SELECT side, g,
           abs(CASE WHEN side = -1
                    THEN ST_XMax(ST_Intersection(g, ST_MakeLine(ST_MakePoint(0, 0), ST_MakePoint(5000, 0))))
                    ELSE ST_XMin(ST_Intersection(g, ST_MakeLine(ST_MakePoint(0, 0), ST_MakePoint(-5000, 0)))) END) AS reach
    FROM shape
)
INSERT INTO red_line_area (dataset_id, code, name, category, geom)
SELECT l.current_dataset_id,
       'HX-BENCH-' || CASE WHEN f.side = -1 THEN '0001' ELSE '0002' END,
       '生态保护红线(基准测试) ' || CASE WHEN f.side = -1 THEN '桐柏山西片' ELSE '桐柏山东片' END,
       '水源涵养',
       bench.to_storage(ST_Translate(f.g, p.bx + f.side * (300 + f.reach), p.by))
FROM facing f, bench.param p, layer l
WHERE l.code = 'RED_LINE';

-- The rest: random centres, rejected where the outline could touch the farmland band (the largest reaches
-- 4 km from its centre) or fixture a, b or c (blocks reaching 1.3 km from theirs). Four times as many candidates as needed; if too few are clear (a city full of farmland),
-- the nearest misses are taken rather than failing.
WITH p AS (
    SELECT *, ST_Collect(ARRAY[ST_MakePoint(ax, ay), ST_MakePoint(cx, cy), ST_MakePoint(bx, by),
                               ST_MakePoint(dx, dy)]) AS fixtures
    FROM bench.param
), candidate AS (
    SELECT i, p.x0 + (p.x1 - p.x0) * random() AS x, p.y0 + (p.y1 - p.y0) * random() AS y, random() AS u
    FROM p, generate_series(1, 4 * greatest(p.red_lines - 2, 0)) AS i
), ranked AS (
    SELECT c.*,
           NOT ST_DWithin(ST_MakePoint(c.x, c.y), p.farmland_band, 4500)
               AND NOT ST_DWithin(ST_MakePoint(c.x, c.y), p.fixtures, 4000 + 1300 + 3200) AS clear
    FROM candidate c, p
), chosen AS (
    SELECT r.*, row_number() OVER (ORDER BY clear DESC, i) AS n
    FROM ranked r
), sized AS (
    SELECT c.*, CASE WHEN n <= ceil(p.red_lines * 0.01) - 2 THEN 20000
                     ELSE round(200 * 100 ^ (u ^ 3))::int END AS vertices
    FROM chosen c, p
    WHERE n <= p.red_lines - 2
)
INSERT INTO red_line_area (dataset_id, code, name, category, geom)
SELECT l.current_dataset_id,
       'HX-BENCH-' || lpad((s.n + 2)::text, 4, '0'),
       '生态保护红线(基准测试) ' || (s.n + 2),
       (ARRAY['水源涵养', '生物多样性维护', '水土保持'])[1 + floor(random() * 3)::int],
       -- Radius grows with the vertex count: 500 m at 200 vertices, about 4 km at 20 000.
       bench.to_storage(ST_Translate(ST_Scale(bench.smooth_star(s.vertices),
                                              500 * (s.vertices / 200.0) ^ 0.45, 500 * (s.vertices / 200.0) ^ 0.45),
                                     s.x, s.y))
FROM sized s, layer l
WHERE l.code = 'RED_LINE';

UPDATE layer_dataset SET feature_count = (SELECT count(*) FROM red_line_area WHERE dataset_id = layer_dataset.id)
WHERE id = (SELECT current_dataset_id FROM layer WHERE code = 'RED_LINE');
