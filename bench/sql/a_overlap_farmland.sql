-- Reference for (a): the naive overlap query a GIS analyst would write, farmland patches met by the block
-- and the area of each overlap in the zone. Variables come from bench.fixture (pgbench -D).
SELECT f.id, ST_Area(ST_Transform(ST_Intersection(f.geom, p.geom), 4547))
FROM mine_parcel p
JOIN farmland_patch f ON ST_Intersects(f.geom, p.geom)
WHERE p.id = ':A_ID'
  AND f.dataset_id = (SELECT current_dataset_id FROM layer WHERE code = 'BASIC_FARMLAND');
