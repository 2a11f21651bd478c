-- Rebuild what 09_farmland_prepare.sql dropped: indexes first, then foreign keys (validated against them).
DO $$
DECLARE d record;
BEGIN
    FOR d IN SELECT * FROM bench.deferred_ddl ORDER BY ord LOOP
        EXECUTE d.restore;
    END LOOP;
END $$;
DROP TABLE bench.deferred_ddl;

UPDATE layer_dataset SET feature_count = (SELECT count(*) FROM farmland_patch WHERE dataset_id = layer_dataset.id)
WHERE id = (SELECT current_dataset_id FROM layer WHERE code = 'BASIC_FARMLAND');

-- Where the farmland ended up (EPSG:4547 metres, SRID left unset like every shape before bench.to_storage), so the red lines and the mountain list can keep out of it.
-- If the rows wrapped round the city, the band is the whole region.
ALTER TABLE bench.param ADD COLUMN farmland_band geometry;
UPDATE bench.param SET farmland_band =
    CASE WHEN first_row + ceil(laid_width / row_len) <= row_count
         THEN ST_MakeEnvelope(row_x0, y0 + first_row * row_h, row_x0 + row_len + 1000,
                              y0 + (first_row + ceil(laid_width / row_len)) * row_h)
         ELSE ST_MakeEnvelope(x0, y0, x1, y1) END;
