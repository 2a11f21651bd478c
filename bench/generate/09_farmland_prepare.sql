-- Bulk-load recipe from the PostgreSQL manual ("Populating a Database"): drop the farmland table's
-- secondary indexes and foreign keys, load, rebuild them once (19_farmland_finish.sql). Keeping two GiST
-- indexes up to date row by row costs about twenty times what one build at the end does.
-- The definitions are read from the catalog, so whatever the migrations declare comes back unchanged.
CREATE TABLE bench.deferred_ddl AS
SELECT 1 AS ord,
       format('ALTER TABLE farmland_patch ADD CONSTRAINT %I %s', conname, pg_get_constraintdef(oid)) AS restore,
       format('ALTER TABLE farmland_patch DROP CONSTRAINT %I', conname) AS drop
FROM pg_constraint
WHERE conrelid = 'farmland_patch'::regclass AND contype = 'f'
UNION ALL
-- ON ONLY (what pg_get_indexdef says for a partitioned table) would restore the parent index without its
-- partitions' indexes: restore it as a plain CREATE INDEX, which builds them.
SELECT 0, replace(pg_get_indexdef(i.indexrelid), ' ON ONLY ', ' ON '), format('DROP INDEX %s', i.indexrelid::regclass)
FROM pg_index i
WHERE i.indrelid = 'farmland_patch'::regclass
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid);

DO $$
DECLARE d record;
BEGIN
    FOR d IN SELECT * FROM bench.deferred_ddl LOOP
        EXECUTE d.drop;
    END LOOP;
END $$;
