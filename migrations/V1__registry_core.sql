-- Registry core: counties, units, mining-right blocks (矿区范围), reserves, design capacities, API keys.
CREATE EXTENSION IF NOT EXISTS postgis;

-- Counties and districts of Zhumadian (GB/T 2260). Boundaries are approximate (see boundary_note).
CREATE TABLE county (
    code          char(6) PRIMARY KEY CHECK (code ~ '^[0-9]{6}$'),
    name          text NOT NULL UNIQUE,
    boundary      geometry(MultiPolygon, 4490) NOT NULL CHECK (ST_IsValid(boundary)),
    boundary_note text NOT NULL
);
CREATE INDEX county_boundary_gix ON county USING gist (boundary);

-- Units of quantity as written in the documents, with the factor to their base unit
-- (万吨 -> 吨 x 10 000), so prices per base unit can be applied exactly.
CREATE TABLE quantity_unit (
    code      text PRIMARY KEY,
    name_en   text NOT NULL,
    base_unit text NOT NULL REFERENCES quantity_unit (code) DEFERRABLE INITIALLY DEFERRED,
    factor    numeric NOT NULL CHECK (factor > 0)
);
INSERT INTO quantity_unit (code, name_en, base_unit, factor) VALUES
    ('吨',       'tonne',                      '吨',     1),
    ('万吨',     '10 000 tonnes',              '吨',     10000),
    ('立方米',   'cubic metre',                '立方米', 1),
    ('万立方米', '10 000 cubic metres',        '立方米', 10000),
    ('千克',     'kilogram (metal content)',   '千克',   1),
    ('吨金属量', 'tonne of metal content',     '千克',   1000);

CREATE TABLE mine_parcel (
    id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    code                 text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$'),
    name                 text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    county_code          char(6) NOT NULL REFERENCES county (code),
    status               text NOT NULL DEFAULT 'PLANNED'
                         CHECK (status IN ('PLANNED', 'LISTED', 'GRANTED', 'EXPIRED', 'CANCELLED')),
    basis                text CHECK (basis IN ('EXPLORED', 'RECONNAISSANCE')),
    mining_method        text CHECK (mining_method IN ('OPEN_PIT', 'UNDERGROUND', 'OPEN_PIT_AND_UNDERGROUND')),
    elevation_top_m      numeric(7, 1),
    elevation_bottom_m   numeric(7, 1),
    service_life_years   numeric(5, 1) CHECK (service_life_years > 0),
    -- As planned in the source document, before any listing exists (元, exact).
    planned_start_price  numeric(16, 2) CHECK (planned_start_price > 0),
    planned_listing      date,
    source_document      text,
    responsible_bodies   text[] NOT NULL DEFAULT '{}',
    geology              text,
    -- What the source document states; the overlap checks verify these claims against the layers.
    plan_conformity_statement text,
    stated_clear_of_red_line        boolean,
    stated_clear_of_basic_farmland  boolean,
    stated_outside_mountain_list    boolean,
    milestones           jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(milestones) = 'array'),
    geom                 geometry(MultiPolygon, 4490) NOT NULL
                         CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom)),
    -- Areas and overlaps are computed in the Gauss-Krueger zone (CM 114E), never in degrees.
    geom_4547            geometry(MultiPolygon, 4547) GENERATED ALWAYS AS (ST_Transform(geom, 4547)) STORED,
    area_m2              double precision GENERATED ALWAYS AS (ST_Area(ST_Transform(geom, 4547))) STORED,
    geometry_note        text,
    version              integer NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT mine_parcel_elevation_order CHECK (elevation_top_m > elevation_bottom_m)
);
CREATE INDEX mine_parcel_geom_gix ON mine_parcel USING gist (geom);
CREATE INDEX mine_parcel_geom_4547_gix ON mine_parcel USING gist (geom_4547);
CREATE INDEX mine_parcel_county_idx ON mine_parcel (county_code);
CREATE INDEX mine_parcel_status_idx ON mine_parcel (status);
CREATE INDEX mine_parcel_name_idx ON mine_parcel (name, id);
CREATE INDEX mine_parcel_area_idx ON mine_parcel (area_m2, id);
CREATE INDEX mine_parcel_created_idx ON mine_parcel (created_at, id);

-- Reserves as written: the category is kept verbatim (GB/T 17766-2020 name, a 1999 code such as 122b,
-- or NULL for an unclassified estimate).
CREATE TABLE reserve (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    parcel_id uuid NOT NULL REFERENCES mine_parcel (id) ON DELETE CASCADE,
    ordinal   smallint NOT NULL CHECK (ordinal >= 0),
    mineral   text NOT NULL CHECK (length(btrim(mineral)) BETWEEN 1 AND 100),
    category  text CHECK (length(btrim(category)) BETWEEN 1 AND 40),
    quantity  numeric(20, 4) NOT NULL CHECK (quantity > 0),
    unit      text NOT NULL REFERENCES quantity_unit (code),
    unit_note text,
    category_note text,
    UNIQUE (parcel_id, ordinal)
);
CREATE INDEX reserve_mineral_idx ON reserve (mineral, parcel_id);

-- Design capacity per mineral per year (the unit is per year: 万吨 here means 万吨/年).
CREATE TABLE design_capacity (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    parcel_id         uuid NOT NULL REFERENCES mine_parcel (id) ON DELETE CASCADE,
    ordinal           smallint NOT NULL CHECK (ordinal >= 0),
    mineral           text NOT NULL CHECK (length(btrim(mineral)) BETWEEN 1 AND 100),
    quantity_per_year numeric(20, 4) NOT NULL CHECK (quantity_per_year > 0),
    unit              text NOT NULL REFERENCES quantity_unit (code),
    UNIQUE (parcel_id, ordinal)
);

-- API keys: only the SHA-256 of the key is stored; the key itself is shown once at creation.
CREATE TABLE api_key (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name       text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    role       text NOT NULL CHECK (role IN ('STAFF_EDITOR', 'STAFF_VIEWER', 'PLATFORM')),
    key_hash   bytea NOT NULL UNIQUE CHECK (length(key_hash) = 32),
    key_prefix text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);
