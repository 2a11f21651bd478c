-- Reference for (d): the blocks meeting the box, first 200 by code, with GeoJSON in EPSG:4326.
SELECT id, code, ST_AsGeoJSON(ST_Transform(geom, 4326))
FROM mine_parcel
WHERE ST_Intersects(geom, ST_MakeEnvelope(:D_MINLON, :D_MINLAT, :D_MAXLON, :D_MAXLAT, 4490))
ORDER BY code
LIMIT 200;
