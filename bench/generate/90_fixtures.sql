-- What the benchmark needs to find, with the numbers it should see. Hits are counted the naive way
-- (ST_Intersects against the current dataset), as the reference SQL of the benchmark does.

-- Each layer depends only on the seed and its own parameters.
SELECT bench.reseed(90);
INSERT INTO bench.fixture (name, scenario, parcel_id, parcel_code, geom, hits, note)
SELECT 'overlap_farmland', 'a', p.id, p.code, p.geom,
       (SELECT count(*) FROM farmland_patch f
        WHERE f.dataset_id = (SELECT current_dataset_id FROM layer WHERE code = 'BASIC_FARMLAND')
          AND ST_Intersects(f.geom, p.geom)),
       'registered 5 km2 block in dense farmland: overlapCheck(parcelId) over all rules; hits = farmland patches'
FROM mine_parcel p WHERE p.code = 'BENCH-000001'
UNION ALL
SELECT 'red_line_pair', 'b', p.id, p.code, p.geom,
       (SELECT count(*) FROM red_line_area r
        WHERE r.dataset_id = (SELECT current_dataset_id FROM layer WHERE code = 'RED_LINE')
          AND ST_Intersects(r.geom, p.geom)),
       'registered 4 km2 block across two 20 000-vertex red lines: overlapCheck(parcelId, rules: [RED_LINE]); hits = red lines'
FROM mine_parcel p WHERE p.code = 'BENCH-000002';

-- Scenario c: a proposed (unregistered) 5 km2 block 4.5 km east of fixture a, in the same farmland.
INSERT INTO bench.fixture (name, scenario, geom, note)
SELECT 'precheck_geometry', 'c', bench.to_storage(ST_Translate(ST_Scale(u, sqrt(5e6 / ST_Area(u)), sqrt(5e6 / ST_Area(u))), p.cx, p.cy)),
       'proposed 5 km2 geometry near fixture a: overlapCheck(geometry: {wkt, srid: 4490}); hits = farmland patches'
FROM bench.param p, bench.unit_star(14, 0.85) AS u;
UPDATE bench.fixture x SET hits = (
    SELECT count(*) FROM farmland_patch f
    WHERE f.dataset_id = (SELECT current_dataset_id FROM layer WHERE code = 'BASIC_FARMLAND')
      AND ST_Intersects(f.geom, x.geom))
WHERE x.name = 'precheck_geometry';

-- Scenario d: the lon/lat box round the 10 km x 10 km square of the cluster; hits = blocks it meets.
INSERT INTO bench.fixture (name, scenario, geom, bbox, note)
SELECT 'bbox_parcels', 'd', bench.to_storage(sq),
       ARRAY[ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b)],
       '10 km x 10 km map extent: mineParcels(filter: {bbox}), bbox = [minLon, minLat, maxLon, maxLat]; hits = blocks'
FROM bench.param p,
     LATERAL (SELECT ST_Expand(ST_MakePoint(p.dx, p.dy), 5000) AS sq) AS s,
     LATERAL (SELECT ST_Envelope(bench.to_storage(s.sq))::box2d AS b) AS e;
UPDATE bench.fixture x SET hits = (
    SELECT count(*) FROM mine_parcel m
    WHERE ST_Intersects(m.geom, ST_MakeEnvelope(x.bbox[1], x.bbox[2], x.bbox[3], x.bbox[4], 4490)))
WHERE x.name = 'bbox_parcels';

-- Scenario e: the platform's page of the 50 newest ANNOUNCED listings; hits = ANNOUNCED listings.
-- Scenario f: incremental sync from a public change in the middle of the feed; seq = that change (the API
-- cursor is made from it in bench/sql/fixtures.sql), hits = public changes after it, up to the page of 100.
INSERT INTO bench.fixture (name, scenario, hits, note)
SELECT 'listings_page', 'e', count(*),
       'platform page: listings(filter: {status: [ANNOUNCED]}, first: 50) as PLATFORM; hits = ANNOUNCED listings'
FROM listing WHERE status = 'ANNOUNCED'
ON CONFLICT (name) DO UPDATE SET hits = excluded.hits, note = excluded.note;
INSERT INTO bench.fixture (name, scenario, seq, hits, note)
SELECT 'listing_changes', 'f', m.seq,
       (SELECT count(*) FROM (SELECT 1 FROM listing_change c WHERE c.public AND c.seq > m.seq LIMIT 100) a),
       'incremental sync: listingChanges(after: cursor of seq, first: 100) as PLATFORM; hits = public changes returned'
FROM (SELECT max(seq) AS seq FROM listing_change
      WHERE public AND seq <= (SELECT last_seq / 2 FROM listing_change_counter)) m
WHERE m.seq IS NOT NULL
ON CONFLICT (name) DO UPDATE SET seq = excluded.seq, hits = excluded.hits, note = excluded.note;
