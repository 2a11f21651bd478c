-- As-of reads (V38), cheaper: measured on the bench register (1 000 000 entries), an as-of read of a block cost three
-- to four times the current read in the database.
--  * A block's image becomes a row by assignment: V38 sent its EPSG:4547 geometry back through JSON as hex EWKB to be
--    parsed again (58 µs a block, now 22 µs).
--  * Blocks and listings are their own records: their rows are found by key in the row index, without walking the
--    record index, which also holds every entry of the block's reserves and capacities.

-- The last after-image at or before t of these rows of a table (rows deleted by then are left out).
CREATE FUNCTION change_log_row_images_at(tbl text, t timestamptz, row_keys text[]) RETURNS TABLE (image jsonb)
LANGUAGE sql STABLE AS $$
    SELECT l.after::jsonb FROM (
        SELECT DISTINCT ON (c.row_key) c.after
        FROM change_log c
        WHERE c.table_name = tbl AND c.row_key = ANY (row_keys) AND c.at <= t
        ORDER BY c.row_key, c.seq DESC) l
    WHERE l.after IS NOT NULL
$$;

CREATE OR REPLACE FUNCTION mine_parcel_of_image(image jsonb) RETURNS mine_parcel
LANGUAGE plpgsql STABLE AS $$
DECLARE
    r mine_parcel;
BEGIN
    r := jsonb_populate_record(NULL::mine_parcel, image);
    r.geom_4547 := ST_Transform(r.geom, 4547);
    r.area_m2 := ST_Area(r.geom_4547);
    RETURN r;
END $$;

CREATE OR REPLACE FUNCTION mine_parcel_as_of(t timestamptz, ids uuid[]) RETURNS SETOF mine_parcel
LANGUAGE sql STABLE AS $$
    SELECT r.* FROM change_log_row_images_at('mine_parcel', t, ids::text[]) i, LATERAL mine_parcel_of_image(i.image) r
$$;

CREATE OR REPLACE FUNCTION listing_as_of(t timestamptz, ids uuid[]) RETURNS SETOF listing
LANGUAGE sql STABLE AS $$
    SELECT r.* FROM change_log_row_images_at('listing', t, ids::text[]) i, LATERAL listing_of_image(i.image) r
$$;

-- Reconciliation (verifyChangeLog's second half) found each row's last entry by sorting every entry of its table:
-- 5.2 s of a 12.6 s verification over a million entries, most of them a few thousand reserves' re-estimates. The
-- keys are now walked through the row index one at a time (a loose index scan) and each key's last entry read
-- from it, so the cost follows the rows, not the entries.
CREATE OR REPLACE FUNCTION change_log_mismatches(max_rows integer) RETURNS TABLE (table_name text, row_key text, last_seq bigint, problem text)
LANGUAGE plpgsql STABLE SET TimeZone = 'UTC' AS $$
DECLARE
    t change_log_table;
BEGIN
    FOR t IN SELECT * FROM change_log_table ORDER BY table_name LOOP
        RETURN QUERY EXECUTE format($q$
            WITH RECURSIVE keys AS (
                     (SELECT c.row_key FROM change_log c WHERE c.table_name = %L ORDER BY c.row_key LIMIT 1)
                     UNION ALL
                     SELECT (SELECT c.row_key FROM change_log c WHERE c.table_name = %L AND c.row_key > keys.row_key
                             ORDER BY c.row_key LIMIT 1)
                     FROM keys WHERE keys.row_key IS NOT NULL),
                 last AS (SELECT keys.row_key AS k, l.after AS img, l.seq
                          FROM keys CROSS JOIN LATERAL (SELECT c.after, c.seq FROM change_log c
                                                        WHERE c.table_name = %L AND c.row_key = keys.row_key
                                                        ORDER BY c.seq DESC LIMIT 1) l
                          WHERE keys.row_key IS NOT NULL),
                 cur AS (SELECT img ->> %L AS k, img::text AS img FROM (SELECT change_log_image(x) AS img FROM %I x) s)
            SELECT %L::text, coalesce(cur.k, last.k), last.seq,
                   CASE WHEN last.k IS NULL THEN 'the row has no entry in the change log'
                        WHEN cur.k IS NULL THEN 'the row is gone, but its last entry did not delete it'
                        WHEN last.img IS NULL THEN 'the row exists, but its last entry deleted it'
                        ELSE 'the row differs from the after-image of its last entry' END
            FROM cur FULL JOIN last ON cur.k = last.k
            WHERE cur.img IS DISTINCT FROM last.img
            ORDER BY 2 LIMIT %s$q$, t.table_name, t.table_name, t.table_name, t.key_column, t.table_name, t.table_name, max_rows);
    END LOOP;
END $$;
