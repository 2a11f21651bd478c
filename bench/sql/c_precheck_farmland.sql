-- Reference for (c): the naive farmland overlap of a literal geometry, as sent by a client.
SELECT f.id, ST_Area(ST_Transform(ST_Intersection(f.geom, g.geom), 4547))
FROM (SELECT ST_GeomFromText(':C_WKT', 4490) AS geom) AS g
JOIN farmland_patch f ON ST_Intersects(f.geom, g.geom)
WHERE f.dataset_id = (SELECT current_dataset_id FROM layer WHERE code = 'BASIC_FARMLAND');
