-- Protected layers at city scale: farmland patches partitioned by dataset, and the overlap helpers
-- the parcel filter uses in SQL.

-- Partitions and import staging tables live apart from the application's tables.
CREATE SCHEMA layer_part;

-- 永久基本农田 arrives in imports of a million patches or more. Inserting them into one table with GiST
-- indexes costs a random index insert per row; a partition per dataset is loaded without indexes,
-- indexed in bulk (sorted GiST build) and then attached. The default partition keeps plain INSERTs working.
CREATE SEQUENCE farmland_patch_new_id_seq;
CREATE TABLE farmland_patch_new (
    id          bigint NOT NULL DEFAULT nextval('farmland_patch_new_id_seq'),
    dataset_id  bigint NOT NULL CONSTRAINT farmland_patch_dataset_id_fkey REFERENCES layer_dataset (id) ON DELETE CASCADE,
    patch_code  text,
    county_code char(6),
    land_class  text,
    geom        geometry(MultiPolygon, 4490) NOT NULL CONSTRAINT farmland_patch_geom_valid CHECK (ST_IsValid(geom)),
    geom_4547   geometry(MultiPolygon, 4547) GENERATED ALWAYS AS (ST_Transform(geom, 4547)) STORED,
    area_m2     double precision GENERATED ALWAYS AS (ST_Area(ST_Transform(geom, 4547))) STORED,
    CONSTRAINT farmland_patch_new_pkey PRIMARY KEY (dataset_id, id)
) PARTITION BY LIST (dataset_id);
ALTER SEQUENCE farmland_patch_new_id_seq OWNED BY farmland_patch_new.id;
CREATE TABLE layer_part.farmland_patch_default PARTITION OF farmland_patch_new DEFAULT;

INSERT INTO farmland_patch_new (id, dataset_id, patch_code, county_code, land_class, geom)
SELECT id, dataset_id, patch_code, county_code, land_class, geom FROM farmland_patch;
SELECT setval('farmland_patch_new_id_seq', coalesce(max(id), 0) + 1, false) FROM farmland_patch;

DROP TABLE farmland_patch;
ALTER TABLE farmland_patch_new RENAME TO farmland_patch;
ALTER SEQUENCE farmland_patch_new_id_seq RENAME TO farmland_patch_id_seq;
ALTER TABLE farmland_patch RENAME CONSTRAINT farmland_patch_new_pkey TO farmland_patch_pkey;
-- Within a dataset's partition the dataset is fixed, so the spatial indexes need no dataset column.
CREATE INDEX farmland_patch_geom_4547_gix ON farmland_patch USING gist (geom_4547);
CREATE INDEX farmland_patch_geom_gix ON farmland_patch USING gist (geom);

-- Area of feature ∩ block (both EPSG:4547) for the parcel filter. A feature the block covers takes its
-- own area without an overlay. Stored geometry is valid, but GEOS can still raise a TopologyException on
-- near-degenerate input: then the overlay is retried on repaired input, and finally snap-rounded to 1 mm,
-- so a filter never fails on one awkward polygon.
CREATE FUNCTION overlap_area(feature geometry, block geometry) RETURNS double precision
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL RESTRICTED AS $$
BEGIN
    IF ST_Covers(block, feature) THEN
        RETURN ST_Area(feature);
    END IF;
    RETURN ST_Area(ST_Intersection(feature, block));
EXCEPTION WHEN internal_error THEN
    BEGIN
        RETURN ST_Area(ST_Intersection(ST_MakeValid(feature), ST_MakeValid(block)));
    EXCEPTION WHEN internal_error THEN
        RETURN ST_Area(ST_Intersection(feature, block, 0.001));
    END;
END $$;

-- Area of the block (EPSG:4547) outside every planned mining zone of a dataset, with the same fallbacks.
CREATE FUNCTION planned_zone_outside_area(block geometry, dataset bigint) RETURNS double precision
LANGUAGE plpgsql STABLE STRICT PARALLEL RESTRICTED AS $$
DECLARE
    zones geometry;
BEGIN
    IF EXISTS (SELECT 1 FROM planned_mining_zone z
               WHERE z.dataset_id = dataset AND z.geom_4547 && block AND ST_Covers(z.geom_4547, block)) THEN
        RETURN 0;
    END IF;
    SELECT ST_Union(z.geom_4547) INTO zones FROM planned_mining_zone z WHERE z.dataset_id = dataset AND z.geom_4547 && block;
    IF zones IS NULL THEN
        RETURN ST_Area(block);
    END IF;
    RETURN ST_Area(ST_Difference(block, zones));
EXCEPTION WHEN internal_error THEN
    SELECT ST_Union(z.geom_4547, 0.001) INTO zones FROM planned_mining_zone z WHERE z.dataset_id = dataset AND z.geom_4547 && block;
    RETURN ST_Area(ST_Difference(block, zones, 0.001));
END $$;
