-- Reference for (g): the statement the OGC items page runs, as the server renders it: 1 000 farmland patches
-- of the layer's current dataset (looked up in the statement, as the server does) meeting a 4 km box in dense
-- farmland, by id (one more row tells whether there is a next page), GeoJSON in CRS84
-- (stored CGCS2000 coordinates: PostGIS transforms them to WGS 84 unchanged, so the server does not).
SELECT id, patch_code, county_code, land_class, area_m2, source_id,
       ST_AsGeoJSON(ST_ForcePolygonCCW(geom), 8, 0), id
FROM farmland_patch
WHERE dataset_id = (SELECT current_dataset_id FROM layer WHERE code = 'BASIC_FARMLAND')
  AND ST_Intersects(geom, ST_SetSRID(ST_MakeEnvelope(114.18, 32.88, 114.22, 32.92, 4326), 4490))
ORDER BY id
LIMIT 1001;
