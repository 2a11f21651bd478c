-- Reference for (b): the same against whole red-line polygons (not their ST_Subdivide pieces).
SELECT r.id, ST_Area(ST_Transform(ST_Intersection(r.geom, p.geom), 4547))
FROM mine_parcel p
JOIN red_line_area r ON ST_Intersects(r.geom, p.geom)
WHERE p.id = ':B_ID'
  AND r.dataset_id = (SELECT current_dataset_id FROM layer WHERE code = 'RED_LINE');
