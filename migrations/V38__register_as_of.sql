-- The register as it was at an instant (issue 12: as-of reads), rebuilt from the change log's after-images: a row at
-- instant t is the after-image of its last entry at or before t (transaction time), none if that entry deleted it.
-- Each <table>_as_of(t[, keys]) returns rows of its table's own type, generated columns computed as the table computes
-- them, so the repositories read the past with the same typed columns, conditions and geometry shapes as the present
-- (the function's result is aliased with the table's name: zmd.registry.db.PastRows). Nothing here writes.

-- The last after-image at or before t of every row of a table (null-free: rows deleted by then are left out).
CREATE FUNCTION change_log_images_at(tbl text, t timestamptz) RETURNS TABLE (image jsonb)
LANGUAGE sql STABLE AS $$
    SELECT l.after::jsonb FROM (
        SELECT DISTINCT ON (c.row_key) c.after
        FROM change_log c
        WHERE c.table_name = tbl AND c.at <= t
        ORDER BY c.row_key, c.seq DESC) l
    WHERE l.after IS NOT NULL
$$;

-- The same for the rows that belonged, at t, to some records (a block's reserves: record_keys are block ids). The
-- record index finds the rows that ever belonged to them; a row's last image then says whether it still did.
CREATE FUNCTION change_log_record_images_at(tbl text, t timestamptz, record_keys text[]) RETURNS TABLE (image jsonb)
LANGUAGE sql STABLE AS $$
    SELECT l.after::jsonb FROM (
        SELECT DISTINCT ON (c.row_key) c.after, c.record_key
        FROM change_log c
        WHERE c.table_name = tbl AND c.at <= t
          AND c.row_key IN (SELECT k.row_key FROM change_log k
                            WHERE k.record_table = (SELECT d.record_table FROM change_log_table d WHERE d.table_name = tbl)
                              AND k.record_key = ANY (record_keys) AND k.table_name = tbl AND k.at <= t)
        ORDER BY c.row_key, c.seq DESC) l
    WHERE l.after IS NOT NULL AND l.record_key = ANY (record_keys)
$$;

-- A block's image as a row: its EPSG:4547 geometry and area computed as the generated columns compute them.
CREATE FUNCTION mine_parcel_of_image(image jsonb) RETURNS mine_parcel
LANGUAGE sql STABLE AS $$
    SELECT jsonb_populate_record(NULL::mine_parcel, image || jsonb_build_object(
        'geom_4547', encode(ST_AsEWKB(p.g), 'hex'),
        'area_m2', ST_Area(p.g)))
    FROM (SELECT ST_Transform((image ->> 'geom')::geometry, 4547) AS g) p
$$;

CREATE FUNCTION mine_parcel_as_of(t timestamptz) RETURNS SETOF mine_parcel
LANGUAGE sql STABLE AS $$
    SELECT r.* FROM change_log_images_at('mine_parcel', t) i, LATERAL mine_parcel_of_image(i.image) r
$$;

CREATE FUNCTION mine_parcel_as_of(t timestamptz, ids uuid[]) RETURNS SETOF mine_parcel
LANGUAGE sql STABLE AS $$
    SELECT r.* FROM change_log_record_images_at('mine_parcel', t, ids::text[]) i, LATERAL mine_parcel_of_image(i.image) r
$$;

CREATE FUNCTION reserve_as_of(t timestamptz, parcel_ids uuid[]) RETURNS SETOF reserve
LANGUAGE sql STABLE AS $$
    SELECT r.* FROM change_log_record_images_at('reserve', t, parcel_ids::text[]) i,
        LATERAL jsonb_populate_record(NULL::reserve, i.image) r
$$;

CREATE FUNCTION design_capacity_as_of(t timestamptz, parcel_ids uuid[]) RETURNS SETOF design_capacity
LANGUAGE sql STABLE AS $$
    SELECT r.* FROM change_log_record_images_at('design_capacity', t, parcel_ids::text[]) i,
        LATERAL jsonb_populate_record(NULL::design_capacity, i.image) r
$$;

-- A listing's image as a row: listed_at as the generated column computes it.
CREATE FUNCTION listing_of_image(image jsonb) RETURNS listing
LANGUAGE sql STABLE AS $$
    SELECT jsonb_populate_record(NULL::listing, image || jsonb_build_object('listed_at',
        coalesce((image ->> 'announced_at')::timestamptz, (image ->> 'created_at')::timestamptz)))
$$;

CREATE FUNCTION listing_as_of(t timestamptz, ids uuid[]) RETURNS SETOF listing
LANGUAGE sql STABLE AS $$
    SELECT r.* FROM change_log_record_images_at('listing', t, ids::text[]) i, LATERAL listing_of_image(i.image) r
$$;

-- The listings of some blocks at t. A listing's record is itself, so its block is read from the images.
CREATE FUNCTION listing_of_parcels_as_of(t timestamptz, parcel_ids uuid[]) RETURNS SETOF listing
LANGUAGE sql STABLE AS $$
    SELECT r.* FROM change_log_images_at('listing', t) i, LATERAL listing_of_image(i.image) r
    WHERE r.parcel_id = ANY (parcel_ids)
$$;
