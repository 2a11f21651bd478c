-- Market base prices (矿业权出让收益市场基准价): a unit price per mineral and region, valid over a period.
-- Editions never overwrite each other: each import adds an edition with its own rows and validity.

-- Regions a base price can be published for: the province, the city, and the city's counties.
CREATE TABLE price_region (
    code        char(6) PRIMARY KEY CHECK (code ~ '^[0-9]{6}$'),
    name        text NOT NULL UNIQUE,
    level       text NOT NULL CHECK (level IN ('PROVINCE', 'CITY', 'COUNTY')),
    -- Higher is more specific: a county price beats the city's, the city's beats the province's.
    specificity smallint GENERATED ALWAYS AS (CASE level WHEN 'COUNTY' THEN 3 WHEN 'CITY' THEN 2 ELSE 1 END) STORED,
    parent_code char(6) REFERENCES price_region (code),
    CHECK ((level = 'PROVINCE') = (parent_code IS NULL))
);
INSERT INTO price_region (code, name, level, parent_code) VALUES
    ('410000', '河南省', 'PROVINCE', NULL),
    ('411700', '驻马店市', 'CITY', '410000');
INSERT INTO price_region (code, name, level, parent_code)
SELECT code, name, 'COUNTY', '411700' FROM county;

-- A base price is per base unit (吨, 立方米, 千克): (unit, unit) must match (code, base_unit).
ALTER TABLE quantity_unit ADD CONSTRAINT quantity_unit_code_base_key UNIQUE (code, base_unit);

-- One import: who brought which edition in, when.
CREATE TABLE base_price_edition (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL UNIQUE CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    imported_at timestamptz NOT NULL DEFAULT now(),
    imported_by text NOT NULL,
    row_count   integer NOT NULL CHECK (row_count > 0)
);

CREATE TABLE base_price (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    edition_id      bigint NOT NULL REFERENCES base_price_edition (id),
    -- Line of the row in the imported CSV, so a price can be traced to its source line.
    source_line     integer NOT NULL CHECK (source_line > 0),
    mineral         text NOT NULL CHECK (length(btrim(mineral)) BETWEEN 1 AND 100),
    region_code     char(6) NOT NULL REFERENCES price_region (code),
    -- NULL: the price applies whatever the mining method.
    mining_method   text CHECK (mining_method IN ('OPEN_PIT', 'UNDERGROUND')),
    unit_price      numeric(14, 4) NOT NULL CHECK (unit_price > 0),
    unit            text NOT NULL,
    valid_from      date NOT NULL,
    -- Last day of validity (inclusive); NULL until a later edition supersedes the price.
    valid_to        date CHECK (valid_to >= valid_from),
    source_document text NOT NULL CHECK (length(btrim(source_document)) BETWEEN 1 AND 500),
    CONSTRAINT base_price_unit_is_base FOREIGN KEY (unit, unit) REFERENCES quantity_unit (code, base_unit),
    -- At most one price per mineral, region and method on any day.
    CONSTRAINT base_price_no_overlap EXCLUDE USING gist (
        mineral WITH =,
        region_code WITH =,
        (coalesce(mining_method, 'ANY')) WITH =,
        daterange(valid_from, valid_to, '[]') WITH &&)
);
CREATE INDEX base_price_edition_idx ON base_price (edition_id);
