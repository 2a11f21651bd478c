-- The fixture values the scenarios use, one NAME<TAB>value per line (read by bench/run.sh).
SELECT 'A_ID', parcel_id::text FROM bench.fixture WHERE scenario = 'a'
UNION ALL SELECT 'A_HITS', hits::text FROM bench.fixture WHERE scenario = 'a'
UNION ALL SELECT 'B_ID', parcel_id::text FROM bench.fixture WHERE scenario = 'b'
UNION ALL SELECT 'B_HITS', hits::text FROM bench.fixture WHERE scenario = 'b'
UNION ALL SELECT 'C_WKT', ST_AsText(ST_GeometryN(geom, 1), 9) FROM bench.fixture WHERE scenario = 'c'
UNION ALL SELECT 'C_HITS', hits::text FROM bench.fixture WHERE scenario = 'c'
UNION ALL SELECT 'D_MINLON', bbox[1]::text FROM bench.fixture WHERE scenario = 'd'
UNION ALL SELECT 'D_MINLAT', bbox[2]::text FROM bench.fixture WHERE scenario = 'd'
UNION ALL SELECT 'D_MAXLON', bbox[3]::text FROM bench.fixture WHERE scenario = 'd'
UNION ALL SELECT 'D_MAXLAT', bbox[4]::text FROM bench.fixture WHERE scenario = 'd'
UNION ALL SELECT 'D_HITS', hits::text FROM bench.fixture WHERE scenario = 'd'
UNION ALL SELECT 'E_HITS', hits::text FROM bench.fixture WHERE scenario = 'e'
UNION ALL SELECT 'F_SEQ', seq::text FROM bench.fixture WHERE scenario = 'f'
UNION ALL SELECT 'F_HITS', hits::text FROM bench.fixture WHERE scenario = 'f'
-- The API's cursor of a change: base64url without padding of the JSON array ["LISTING_CHANGE", seq].
UNION ALL SELECT 'F_CURSOR', rtrim(translate(encode(convert_to('["LISTING_CHANGE",' || seq || ']', 'UTF8'), 'base64'), '+/' || chr(10), '-_'), '=')
          FROM bench.fixture WHERE scenario = 'f'
-- The farmland patches in the OGC items page's box (scenario g).
UNION ALL SELECT 'G_HITS', count(*)::text FROM farmland_patch
          WHERE dataset_id = (SELECT current_dataset_id FROM layer WHERE code = 'BASIC_FARMLAND')
            AND ST_Intersects(geom, ST_Transform(ST_MakeEnvelope(114.18, 32.88, 114.22, 32.92, 4326), 4490));
