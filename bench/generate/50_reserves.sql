-- Reserves (储量) as the plans list them: the main mineral with a controlled category (122b or its
-- GB/T 17766-2020 name), often an inferred part (333) of the same mineral, sometimes an associated mineral.
-- One to three rows per block; units come from quantity_unit through bench.mineral.

-- Each layer depends only on the seed and its own parameters.
SELECT bench.reseed(50);
WITH r AS (
    SELECT p.id AS parcel_id, pp.mineral, 1 + floor(random() * 3)::int AS rows
    FROM bench.parcel_plan pp
    JOIN mine_parcel p ON p.code = 'BENCH-' || lpad(pp.n::text, 6, '0')
)
INSERT INTO reserve (parcel_id, ordinal, mineral, category, quantity, unit)
SELECT r.parcel_id, o.ordinal, m.name,
       CASE o.ordinal WHEN 0 THEN (ARRAY['122b', '控制资源量', '探明资源量'])[1 + floor(random() * 3)::int]
                      WHEN 1 THEN (ARRAY['333', '推断资源量'])[1 + floor(random() * 2)::int]
                      ELSE NULL END,
       round((m.qmin + (m.qmax - m.qmin) * random() ^ 2)::numeric, 4),
       m.unit
FROM r
CROSS JOIN LATERAL generate_series(0, r.rows - 1) AS o(ordinal)
-- The third row is an associated mineral: the next one in the list.
JOIN bench.mineral m ON m.idx = CASE WHEN o.ordinal < 2 THEN r.mineral ELSE (r.mineral + 1) % 10 END;
