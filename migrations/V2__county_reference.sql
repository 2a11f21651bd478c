-- The ten counties and districts of Zhumadian with GB/T 2260 codes.
-- No official boundaries are bundled: each boundary here is the Voronoi cell of the county seat,
-- clipped to the city's approximate extent (113.2-115.2 E, 32.3-33.6 N). Good enough to tell
-- which county a block is in and to reject blocks outside the city; not a legal boundary.
WITH seat (code, name, lon, lat) AS (
    VALUES ('411702', '驿城区', 114.02, 32.98),
           ('411721', '西平县', 114.02, 33.38),
           ('411722', '上蔡县', 114.26, 33.26),
           ('411723', '平舆县', 114.62, 32.96),
           ('411724', '正阳县', 114.39, 32.60),
           ('411725', '确山县', 114.03, 32.80),
           ('411726', '泌阳县', 113.33, 32.72),
           ('411727', '汝南县', 114.36, 32.99),
           ('411728', '遂平县', 114.01, 33.15),
           ('411729', '新蔡县', 114.98, 32.75)
), extent AS (
    SELECT ST_MakeEnvelope(113.2, 32.3, 115.2, 33.6, 4490) AS g
), cell AS (
    SELECT (ST_Dump(ST_VoronoiPolygons(ST_Collect(ST_SetSRID(ST_MakePoint(lon, lat), 4490)), 0,
                                       (SELECT g FROM extent)))).geom AS g
    FROM seat
)
INSERT INTO county (code, name, boundary, boundary_note)
SELECT s.code, s.name,
       ST_Multi(ST_Intersection(c.g, (SELECT g FROM extent))),
       'approximate: Voronoi cell of the county seat clipped to the city extent; not a legal boundary'
FROM seat s
JOIN cell c ON ST_Contains(c.g, ST_SetSRID(ST_MakePoint(s.lon, s.lat), 4490));
