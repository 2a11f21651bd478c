-- Protected land and planning layers, each loaded as versioned datasets (import batches).
-- A layer has exactly one current dataset; checks read only the current one and report which it was.
-- Old datasets stay (as-of history), so an import never overwrites: it adds a dataset and switches.
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE layer (
    code               text PRIMARY KEY CHECK (code IN ('RED_LINE', 'BASIC_FARMLAND', 'MOUNTAIN_PROTECTION', 'PLANNED_ZONE')),
    name_zh            text NOT NULL,
    current_dataset_id bigint
);
INSERT INTO layer (code, name_zh) VALUES
    ('RED_LINE', '生态保护红线'),
    ('BASIC_FARMLAND', '永久基本农田'),
    ('MOUNTAIN_PROTECTION', '山体保护重点保护名录'),
    ('PLANNED_ZONE', '规划开采区');

CREATE TABLE layer_dataset (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    layer_code    text NOT NULL REFERENCES layer (code),
    name          text NOT NULL CHECK (length(btrim(name)) > 0),
    source        text,
    version       text NOT NULL CHECK (length(btrim(version)) > 0),
    imported_at   timestamptz NOT NULL DEFAULT now(),
    imported_by   text NOT NULL,
    feature_count integer NOT NULL DEFAULT 0 CHECK (feature_count >= 0),
    UNIQUE (layer_code, version)
);
ALTER TABLE layer ADD CONSTRAINT layer_current_dataset_fk FOREIGN KEY (current_dataset_id) REFERENCES layer_dataset (id);

-- 生态保护红线. Few polygons, some with tens of thousands of vertices: see red_line_piece.
CREATE TABLE red_line_area (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dataset_id bigint NOT NULL REFERENCES layer_dataset (id) ON DELETE CASCADE,
    code       text,
    name       text,
    category   text,
    geom       geometry(MultiPolygon, 4490) NOT NULL CHECK (ST_IsValid(geom)),
    geom_4547  geometry(MultiPolygon, 4547) GENERATED ALWAYS AS (ST_Transform(geom, 4547)) STORED,
    area_m2    double precision GENERATED ALWAYS AS (ST_Area(ST_Transform(geom, 4547))) STORED
);
CREATE INDEX red_line_area_geom_gix ON red_line_area USING gist (dataset_id, geom);

-- Subdivided copies of red-line polygons in EPSG:4547 (ST_Subdivide), kept in sync by trigger:
-- overlap tests touch a few small pieces instead of a 20 000-vertex polygon.
CREATE TABLE red_line_piece (
    red_line_id bigint NOT NULL REFERENCES red_line_area (id) ON DELETE CASCADE,
    dataset_id  bigint NOT NULL,
    geom_4547   geometry(Polygon, 4547) NOT NULL
);
CREATE INDEX red_line_piece_gix ON red_line_piece USING gist (dataset_id, geom_4547);
CREATE INDEX red_line_piece_area_idx ON red_line_piece (red_line_id);

CREATE FUNCTION red_line_piece_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM red_line_piece WHERE red_line_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO red_line_piece (red_line_id, dataset_id, geom_4547)
        SELECT NEW.id, NEW.dataset_id, p.geom
        FROM ST_Subdivide(NEW.geom_4547, 256) AS p(geom);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER red_line_piece_sync AFTER INSERT OR UPDATE OF geom OR DELETE ON red_line_area
    FOR EACH ROW EXECUTE FUNCTION red_line_piece_sync();

-- 永久基本农田图斑: hundreds of thousands to millions of small patches.
CREATE TABLE farmland_patch (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dataset_id  bigint NOT NULL REFERENCES layer_dataset (id) ON DELETE CASCADE,
    patch_code  text,
    county_code char(6),
    land_class  text,
    geom        geometry(MultiPolygon, 4490) NOT NULL CHECK (ST_IsValid(geom)),
    geom_4547   geometry(MultiPolygon, 4547) GENERATED ALWAYS AS (ST_Transform(geom, 4547)) STORED,
    area_m2     double precision GENERATED ALWAYS AS (ST_Area(ST_Transform(geom, 4547))) STORED
);
CREATE INDEX farmland_patch_geom_4547_gix ON farmland_patch USING gist (dataset_id, geom_4547);
CREATE INDEX farmland_patch_geom_gix ON farmland_patch USING gist (dataset_id, geom);

-- 山体保护重点保护名录.
CREATE TABLE mountain_protection_area (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dataset_id bigint NOT NULL REFERENCES layer_dataset (id) ON DELETE CASCADE,
    name       text,
    geom       geometry(MultiPolygon, 4490) NOT NULL CHECK (ST_IsValid(geom)),
    geom_4547  geometry(MultiPolygon, 4547) GENERATED ALWAYS AS (ST_Transform(geom, 4547)) STORED
);
CREATE INDEX mountain_protection_area_gix ON mountain_protection_area USING gist (dataset_id, geom_4547);

-- 规划开采区 of the county mineral-resources master plans.
CREATE TABLE planned_mining_zone (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dataset_id  bigint NOT NULL REFERENCES layer_dataset (id) ON DELETE CASCADE,
    plan_name   text,
    plan_period text,
    zone_code   text,
    geom        geometry(MultiPolygon, 4490) NOT NULL CHECK (ST_IsValid(geom)),
    geom_4547   geometry(MultiPolygon, 4547) GENERATED ALWAYS AS (ST_Transform(geom, 4547)) STORED
);
CREATE INDEX planned_mining_zone_gix ON planned_mining_zone USING gist (dataset_id, geom_4547);
