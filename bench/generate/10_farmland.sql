-- Permanent basic farmland (永久基本农田图斑): one irregular patch per cell, cells laid side by side in
-- rows, so patches never overlap by construction and no spatial test is needed while generating.
-- Runs once per chunk of ids (bench.chunk_first..bench.chunk_last); bench.param.laid_width carries the
-- row layout from one chunk to the next.

-- A different stream per chunk; the farmland depends only on the seed and its size.
SELECT bench.reseed(current_setting('bench.chunk_first')::int);
WITH shape AS (
    SELECT i,
           -- 0.3 to 5 ha, mostly small (median ~0.6 ha, about 2% above 3.8 ha), as survey patches are.
           3000 * (50.0 / 3) ^ (random() ^ 5) AS area,
           bench.unit_star(6 + floor(random() * 25)::int, 0.8) AS u
    FROM generate_series(current_setting('bench.chunk_first')::int,
                         current_setting('bench.chunk_last')::int) AS i
), sized AS (
    -- A patch spans its row's height less 3% each side; its width follows from its area, so the area
    -- is exact in EPSG:4547 whatever the random outline.
    SELECT s.i, s.u, q.ay, s.area / (ST_Area(s.u) * q.ay) AS ax,
           2 * s.area / (ST_Area(s.u) * q.ay) / 0.94 AS cell_w
    FROM shape s, (SELECT row_h / 2 * 0.94 AS ay FROM bench.param) q
), laid AS (
    SELECT z.i, z.u, z.ax, z.ay, z.cell_w,
           p.laid_width + sum(z.cell_w) OVER (ORDER BY z.i) - z.cell_w AS start
    FROM sized z, bench.param p
), placed AS (
    -- A row is row_len long; the last cell of a row may stick out by its width, which the region's
    -- margin absorbs.
    SELECT l.i, l.u, l.ax, l.ay,
           p.row_x0 + (l.start - floor(l.start / p.row_len) * p.row_len) + l.cell_w / 2 AS x,
           p.y0 + (mod(p.first_row + floor(l.start / p.row_len)::int, p.row_count) + 0.5) * p.row_h AS y
    FROM laid l, bench.param p
), ins AS (
    INSERT INTO farmland_patch (dataset_id, patch_code, county_code, land_class, geom)
    SELECT l.current_dataset_id,
           'BENCH-' || lpad(pl.i::text, 8, '0'),
           (SELECT c.code FROM county c
            WHERE ST_Intersects(c.boundary, ST_Transform(ST_SetSRID(ST_MakePoint(pl.x, pl.y), 4547), 4490))
            LIMIT 1),
           (ARRAY['水田', '水浇地', '旱地'])[1 + floor(random() * 3)::int],
           bench.to_storage(ST_Affine(pl.u, pl.ax, 0, 0, pl.ay, pl.x, pl.y))
    FROM placed pl, layer l
    WHERE l.code = 'BASIC_FARMLAND'
)
UPDATE bench.param SET laid_width = laid_width + (SELECT sum(cell_w) FROM sized);

-- Rows are reused modulo row_count: more farmland than the region holds would overlap itself.
DO $$
BEGIN
    IF (SELECT laid_width / row_len > row_count FROM bench.param) THEN
        RAISE EXCEPTION 'bench.farmland = % does not fit the city without overlaps; use fewer patches',
            current_setting('bench.farmland');
    END IF;
END $$;
