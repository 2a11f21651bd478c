-- Mining-right blocks (矿区范围): the fixtures of the scenarios, a cluster of 50 for the map-extent fetch,
-- then the rest spread over the counties. Blocks never overlap: each gets its own cell and stays inside
-- it. Shapes are drawn in EPSG:4547 and sized there, so areas are exact in the zone.

-- Each layer depends only on the seed and its own parameters.
SELECT bench.reseed(40);

CREATE TABLE bench.mineral (
    idx  int PRIMARY KEY,
    name text NOT NULL,
    unit text NOT NULL REFERENCES quantity_unit (code),
    qmin numeric NOT NULL,
    qmax numeric NOT NULL
);
INSERT INTO bench.mineral VALUES
    (0, '建筑石料用灰岩', '万吨', 100, 5000),
    (1, '水泥用灰岩', '万吨', 500, 20000),
    (2, '饰面用花岗岩', '万立方米', 10, 500),
    (3, '建筑用花岗岩', '万吨', 100, 3000),
    (4, '萤石', '万吨', 5, 200),
    (5, '金', '千克', 100, 5000),
    (6, '钼', '吨金属量', 1000, 50000),
    (7, '铁矿', '万吨', 100, 3000),
    (8, '建筑用砂', '万立方米', 10, 500),
    (9, '天然碱', '万吨', 50, 2000);

CREATE TABLE bench.parcel_plan (
    n       int PRIMARY KEY,
    kind    text NOT NULL,
    status  text NOT NULL,
    mineral int NOT NULL,
    g       geometry NOT NULL   -- EPSG:4547, SRID not yet set
);

-- fixture_a (scenario a): 5 km2, 16 corners, in the middle of dense farmland.
-- fixture_b (scenario b): 4 km2, 2.4 km wide, across the gap between the two 20 000-vertex red lines.
INSERT INTO bench.parcel_plan (n, kind, status, mineral, g)
SELECT 1, 'fixture_a', 'PLANNED', 0, ST_Translate(ST_Scale(u, sqrt(5e6 / ST_Area(u)), sqrt(5e6 / ST_Area(u))), p.ax, p.ay)
FROM bench.param p, bench.unit_star(16, 0.85) AS u
UNION ALL
SELECT 2, 'fixture_b', 'PLANNED', 2, ST_Translate(ST_Scale(u, 1200 / ST_XMax(u), 4e6 / (ST_Area(u) * 1200 / ST_XMax(u))), p.bx, p.by)
FROM bench.param p, bench.unit_star(12, 0.9) AS u;

-- The cluster for scenario d: 10 x 5 cells of 1 km x 2 km filling the 10 km box round (dx, dy), one block
-- of 0.3-1 km2 in each, stretched north-south like the cells.
INSERT INTO bench.parcel_plan (n, kind, status, mineral, g)
SELECT 3 + s.col * 5 + s.row, 'cluster_d', s.status, s.mineral,
       ST_Translate(ST_Scale(s.u, z.sx, 2 * z.sx), p.dx - 5000 + 500 + 1000 * s.col, p.dy - 5000 + 1000 + 2000 * s.row)
FROM bench.param p,
     (SELECT col, row, bench.unit_star(5 + floor(random() * 36)::int, 0.7) AS u, 3e5 + 7e5 * random() AS target,
             (ARRAY['LISTED', 'GRANTED', 'GRANTED', 'EXPIRED', 'PLANNED'])[1 + floor(random() * 5)::int] AS status,
             floor(random() * 10)::int AS mineral
      FROM generate_series(0, 9) AS col, generate_series(0, 4) AS row) AS s,
     LATERAL (SELECT least(sqrt(s.target / (2 * ST_Area(s.u))), 470) AS sx) AS z;

-- The rest: a grid of 3.6 km cells over the city, keeping only cells wholly inside one county and clear
-- of the fixtures and the cluster. A cell holds one large block (1.5-6 km2), four medium ones
-- (0.5-1.8 km2) or sixteen small ones (0.2-0.5 km2): about seven on average, so a few hundred cells
-- suffice. Each block is scaled to its target area but never beyond 47% of its cell's side from the
-- centre, which can only make it smaller; the smallest possible outline still has 0.2 km2.
WITH p AS (
    SELECT *, 3600.0 AS c,
           ST_Collect(ARRAY[ST_Buffer(ST_MakePoint(ax, ay), 3000), ST_Buffer(ST_MakePoint(cx, cy), 3000),
                            ST_Buffer(ST_MakePoint(bx, by), 3000),
                            ST_Expand(ST_MakePoint(dx, dy), 6000)]) AS keep_clear
    FROM bench.param
), cell AS (
    SELECT ix, iy, ST_MakeEnvelope(p.x0 + ix * p.c, p.y0 + iy * p.c, p.x0 + (ix + 1) * p.c, p.y0 + (iy + 1) * p.c) AS env,
           (ARRAY[1, 4, 4, 4, 4, 4, 16, 16, 16, 1])[1 + floor(random() * 10)::int] AS parts,
           random() AS shuffle
    FROM p, generate_series(0, floor((p.x1 - p.x0) / p.c)::int - 1) AS ix,
            generate_series(0, floor((p.y1 - p.y0) / p.c)::int - 1) AS iy
), usable AS (
    SELECT c.*, sum(parts) OVER (ORDER BY shuffle) - parts AS before
    FROM cell c, p
    WHERE NOT ST_Intersects(c.env, p.keep_clear)
      AND EXISTS (SELECT 1 FROM county k WHERE ST_Within(bench.to_storage(c.env), k.boundary))
), part AS (
    SELECT u.before + k AS ord, u.parts, sqrt(u.parts)::int AS side,
           ST_XMin(u.env) + (k % sqrt(u.parts)::int + 0.5) * 3600.0 / sqrt(u.parts) AS x,
           ST_YMin(u.env) + (k / sqrt(u.parts)::int + 0.5) * 3600.0 / sqrt(u.parts) AS y
    FROM usable u, generate_series(0, u.parts - 1) AS k
    WHERE u.before < (SELECT parcels FROM bench.param) - 52
), shaped AS (
    SELECT pt.*, bench.unit_star(5 + floor(random() * 36)::int, 0.7) AS u,
           CASE pt.parts WHEN 1 THEN 1.5e6 + 4.5e6 * random()
                         WHEN 4 THEN 0.5e6 + 1.3e6 * random()
                         ELSE 0.2e6 + 0.3e6 * random() END AS target
    FROM part pt
    WHERE pt.ord < (SELECT parcels FROM bench.param) - 52
)
INSERT INTO bench.parcel_plan (n, kind, status, mineral, g)
SELECT 53 + ord, 'regular',
       (ARRAY['PLANNED', 'PLANNED', 'PLANNED', 'LISTED', 'LISTED', 'LISTED', 'GRANTED', 'GRANTED', 'GRANTED',
              'GRANTED', 'GRANTED', 'GRANTED', 'GRANTED', 'GRANTED', 'GRANTED', 'GRANTED', 'EXPIRED', 'EXPIRED',
              'EXPIRED', 'CANCELLED'])[1 + floor(random() * 20)::int],
       floor(random() * 10)::int,
       ST_Translate(ST_Scale(u, a, a), x, y)
FROM shaped, LATERAL (SELECT least(sqrt(target / ST_Area(u)), 0.47 * 3600.0 / side) AS a) AS s;

INSERT INTO mine_parcel (code, name, county_code, status, basis, mining_method, elevation_top_m, elevation_bottom_m,
                         service_life_years, planned_start_price, planned_listing, source_document, responsible_bodies,
                         geometry_note, geom, created_at, updated_at)
SELECT 'BENCH-' || lpad(pp.n::text, 6, '0'),
       k.name || m.name || '矿(基准测试 ' || pp.n || ')',
       k.code, pp.status,
       CASE WHEN random() < 0.8 THEN 'EXPLORED' ELSE 'RECONNAISSANCE' END,
       CASE WHEN m.idx IN (5, 6, 7) THEN 'UNDERGROUND' ELSE 'OPEN_PIT' END,
       pp.top, pp.top - round((50 + 350 * random())::numeric, 1),
       round((3 + 27 * random())::numeric, 1),
       round((1e6 + 4.99e8 * random() ^ 2)::numeric, 2),
       make_date(2021 + floor(random() * 6)::int, 1 + floor(random() * 12)::int, 1),
       '基准测试数据 (make bench-data)',
       ARRAY[k.name || '人民政府', '驻马店市自然资源和规划局'],
       'synthetic: generated by make bench-data',
       pp.geom, pp.at, pp.at
FROM (SELECT *, bench.to_storage(g) AS geom, round((100 + 600 * random())::numeric, 1) AS top,
             now() - random() * interval '5 years' AS at
      FROM bench.parcel_plan) AS pp
JOIN county k ON ST_Within(pp.geom, k.boundary)
JOIN bench.mineral m ON m.idx = pp.mineral;

-- Every planned block must have landed: one outside a county would have been dropped by the join above.
DO $$
BEGIN
    IF (SELECT count(*) FROM mine_parcel WHERE code LIKE 'BENCH-%') <> (SELECT count(*) FROM bench.parcel_plan) THEN
        RAISE EXCEPTION 'some bench blocks are not wholly inside one county';
    END IF;
END $$;
