-- The change log (issue 12): one append-only, hash-chained entry per row written to the register, in the
-- transaction of the write. Who, what and why come from transaction-local settings the owning repository sets
-- (registry.key_id, registry.caller, registry.action, registry.request_id; see zmd.registry.history.Changes).
--
-- Enforcement is by trigger, not by privilege: the server connects as the owner of its tables (often the cluster's
-- superuser), whom GRANT/REVOKE do not bind. A statement trigger refuses every write that names no action; a row
-- trigger logs every write that does (a DBA who sets registry.action by hand is logged like the server). A write
-- with triggers disabled (session_replication_role = replica, superusers only) leaves no entry, and
-- change_log_mismatches finds the row differing from its last after-image.
--
-- Chaining happens at commit: the row trigger is a DEFERRABLE INITIALLY DEFERRED constraint trigger, so the chain's
-- lock (an advisory lock) is taken only while the transaction commits, never while it is open. Writers that hold
-- a transaction open (the listing feed's counter does so by design) do not hold back the log, and the log does
-- not serialise writers for longer than their commits. seq is therefore in commit order, and gapless.

CREATE TABLE change_log (
    seq            bigint PRIMARY KEY CHECK (seq > 0),
    -- Transaction time (now()) of the write.
    at             timestamptz NOT NULL,
    table_name     text NOT NULL,
    row_key        text NOT NULL,
    -- The record the row belongs to: a reserve or design capacity to its block, a base price to its edition.
    record_table   text NOT NULL,
    record_key     text NOT NULL,
    operation      text NOT NULL CHECK (operation IN ('INSERT', 'UPDATE', 'DELETE')),
    -- Only tables whose version is an integer (mine_parcel, listing) fill these; layer_dataset.version is a label.
    version_before integer,
    version_after  integer,
    -- Row images (change_log_image) as the text of their jsonb: geometry as hex EWKB, times in UTC, derived columns
    -- left out. after is the whole row; before is the whole row for a delete, and for an update only the columns it
    -- changed (their old values): the rest is in after, and a block's geometry is not stored twice for every edit. Text, not jsonb, so that verification hashes the stored bytes instead of printing every image again
    -- (jsonb's text output is deterministic, so the text is canonical; it was measured at two thirds of the time).
    before         text,
    after          text,
    key_id         uuid,
    caller_name    text NOT NULL,
    action         text NOT NULL,
    request_id     text,
    prev_hash      bytea NOT NULL CHECK (length(prev_hash) = 32),
    hash           bytea NOT NULL CHECK (length(hash) = 32)
);
CREATE INDEX change_log_record_idx ON change_log (record_table, record_key, seq);
CREATE INDEX change_log_row_idx ON change_log (table_name, row_key, seq);
CREATE INDEX change_log_key_idx ON change_log (key_id, seq) WHERE key_id IS NOT NULL;
CREATE INDEX change_log_at_idx ON change_log (at, seq);

-- The tables of the register whose every write is logged, with the column naming the record a row belongs to.
CREATE TABLE change_log_table (
    table_name   text PRIMARY KEY,
    key_column   text NOT NULL,
    record_table text NOT NULL,
    record_column text NOT NULL
);
INSERT INTO change_log_table VALUES
    ('mine_parcel',        'id',   'mine_parcel',        'id'),
    ('reserve',            'id',   'mine_parcel',        'parcel_id'),
    ('design_capacity',    'id',   'mine_parcel',        'parcel_id'),
    ('listing',            'id',   'listing',            'id'),
    ('base_price_edition', 'id',   'base_price_edition', 'id'),
    ('base_price',         'id',   'base_price_edition', 'edition_id'),
    ('layer',              'code', 'layer',              'code'),
    ('layer_dataset',      'id',   'layer',              'layer_code'),
    ('api_key',            'id',   'api_key',            'id'),
    ('compliance_report',  'id',   'compliance_report',  'id');

-- A row as the log keeps it. Stable text: UTC times (SET TimeZone), geometry as exact hex EWKB (to_jsonb would use
-- PostGIS's rounded GeoJSON cast, and spend most of the trigger's time on it), generated columns left out (they
-- follow from the others). An API key keeps neither its secret (never stored) nor its hash; the hash's own SHA-256
-- lets a swapped hash be noticed. One function per table that needs more than to_jsonb: the row's type picks it.
-- Callers run them with TimeZone UTC (the trigger and the reconciliation set it): a SET clause here would cost more
-- than the image itself, and keep the SQL ones from being inlined.
CREATE FUNCTION change_log_image(r anyelement) RETURNS jsonb
LANGUAGE sql STABLE AS $$ SELECT to_jsonb(r) $$;

CREATE FUNCTION change_log_image(r mine_parcel) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    g geometry := r.geom;
BEGIN
    r.geom := NULL;
    r.geom_4547 := NULL;
    RETURN to_jsonb(r) - 'geom_4547' - 'area_m2' || jsonb_build_object('geom', encode(ST_AsEWKB(g), 'hex'));
END $$;

CREATE FUNCTION change_log_image(r listing) RETURNS jsonb
LANGUAGE sql STABLE AS $$ SELECT to_jsonb(r) - 'listed_at' $$;

CREATE FUNCTION change_log_image(r api_key) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT to_jsonb(r) - 'key_hash' || jsonb_build_object('key_hash_sha256', encode(sha256(r.key_hash), 'hex'))
$$;

-- The text an entry's hash covers: every column but the hashes. The small ones comma-separated, texts quoted
-- (quote_nullable: unambiguous, NULL apart from 'NULL'), the time as UTC microseconds since the epoch; then the images
-- as stored, each on its own line (JSON text holds no raw newline) and empty where there is none. Cheap to compute
-- again: verification does it for every entry (measured at half the time of a jsonb array of the same columns).
CREATE FUNCTION change_log_canonical(seq bigint, at timestamptz, table_name text, row_key text, record_table text,
        record_key text, operation text, version_before integer, version_after integer, key_id uuid, caller_name text,
        action text, request_id text, before text, after text) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT concat_ws(',', seq, (extract(epoch FROM at) * 1000000)::bigint, quote_nullable(table_name), quote_nullable(row_key),
                     quote_nullable(record_table), quote_nullable(record_key), quote_nullable(operation),
                     quote_nullable(version_before), quote_nullable(version_after), quote_nullable(key_id),
                     quote_nullable(caller_name), quote_nullable(action), quote_nullable(request_id))
           || E'\n' || coalesce(before, '') || E'\n' || coalesce(after, '')
$$;

CREATE FUNCTION change_log_hash(prev_hash bytea, canonical text) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT sha256(prev_hash || convert_to(canonical, 'UTF8')) $$;

-- The hash the first entry chains to.
CREATE FUNCTION change_log_genesis() RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$ SELECT decode(repeat('00', 32), 'hex') $$;

-- Appends one entry at the head of the chain. The advisory lock is held to the end of the (committing)
-- transaction; the head is read after taking it, so it includes the previous holder's committed entries.
CREATE FUNCTION change_log_append(tbl text, op text, before_img jsonb, after_img jsonb) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    t change_log_table;
    img jsonb := coalesce(after_img, before_img);
    head record;
    e change_log;
BEGIN
    SELECT * INTO STRICT t FROM change_log_table WHERE table_name = tbl;
    PERFORM pg_advisory_xact_lock(7356012);
    SELECT seq, hash INTO head FROM change_log ORDER BY seq DESC LIMIT 1;
    e.seq := coalesce(head.seq, 0) + 1;
    e.prev_hash := coalesce(head.hash, change_log_genesis());
    e.at := now();
    e.table_name := tbl;
    e.row_key := img ->> t.key_column;
    e.record_table := t.record_table;
    e.record_key := img ->> t.record_column;
    e.operation := op;
    IF jsonb_typeof(before_img -> 'version') = 'number' THEN
        e.version_before := (before_img ->> 'version')::integer;
    END IF;
    IF jsonb_typeof(after_img -> 'version') = 'number' THEN
        e.version_after := (after_img ->> 'version')::integer;
    END IF;
    IF op = 'UPDATE' THEN
        e.before := (SELECT jsonb_object_agg(b.key, b.value) FROM jsonb_each(before_img) b
                     WHERE b.value IS DISTINCT FROM after_img -> b.key)::text;
    ELSE
        e.before := before_img::text;
    END IF;
    e.after := after_img::text;
    e.key_id := nullif(current_setting('registry.key_id', true), '')::uuid;
    e.caller_name := coalesce(nullif(current_setting('registry.caller', true), ''), session_user);
    e.action := current_setting('registry.action');
    e.request_id := nullif(current_setting('registry.request_id', true), '');
    e.hash := change_log_hash(e.prev_hash, change_log_canonical(e.seq, e.at, e.table_name, e.row_key, e.record_table,
            e.record_key, e.operation, e.version_before, e.version_after, e.key_id, e.caller_name, e.action, e.request_id,
            e.before, e.after));
    INSERT INTO change_log VALUES (e.*);
END $$;

-- Row trigger, deferred to commit. OLD and NEW are the row as that statement left it, even when a later statement
-- of the transaction changed it again. An update that changed nothing is not logged.
CREATE FUNCTION change_log_row() RETURNS trigger
LANGUAGE plpgsql SET TimeZone = 'UTC' AS $$
DECLARE
    before_img jsonb;
    after_img jsonb;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        before_img := change_log_image(OLD);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        after_img := change_log_image(NEW);
    END IF;
    IF TG_OP = 'UPDATE' AND before_img = after_img THEN
        RETURN NULL;
    END IF;
    PERFORM change_log_append(TG_TABLE_NAME, TG_OP, before_img, after_img);
    RETURN NULL;
END $$;

-- Statement trigger: no write without an action, so nothing writes the register unnamed.
CREATE FUNCTION change_log_require_action() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION 'TRUNCATE of % is refused: every row removed from the register must be logged; delete the rows', TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF coalesce(current_setting('registry.action', true), '') = '' THEN
        RAISE EXCEPTION 'writes to % must name their action in the change log: set registry.action (and registry.caller) with set_config(..., true) in the transaction first', TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION change_log_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the change log is append-only: % is refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER change_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON change_log
    FOR EACH STATEMENT EXECUTE FUNCTION change_log_append_only();

-- Baseline: the rows there when the log begins, as inserts by the migration.
DO $$
DECLARE
    t change_log_table;
BEGIN
    PERFORM set_config('TimeZone', 'UTC', true);
    PERFORM set_config('registry.caller', 'system', true);
    PERFORM set_config('registry.action', 'changeLogBaseline', true);
    FOR t IN SELECT * FROM change_log_table ORDER BY table_name LOOP
        EXECUTE format('SELECT change_log_append(%L, ''INSERT'', NULL, change_log_image(x)) FROM %I x ORDER BY x.%I',
                t.table_name, t.table_name, t.key_column);
        EXECUTE format('CREATE CONSTRAINT TRIGGER change_log_row AFTER INSERT OR UPDATE OR DELETE ON %I DEFERRABLE INITIALLY DEFERRED '
                || 'FOR EACH ROW EXECUTE FUNCTION change_log_row()', t.table_name);
        EXECUTE format('CREATE TRIGGER change_log_require_action BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
                || 'FOR EACH STATEMENT EXECUTE FUNCTION change_log_require_action()', t.table_name);
    END LOOP;
    PERFORM set_config('registry.action', '', true);
END $$;

-- Rows of the logged tables that differ from the after-image of their key's last entry (edited with triggers
-- disabled), rows with no entry, and keys whose last entry is not a delete but whose row is gone. Ordered by table
-- and key; the first is what verification reports.
CREATE FUNCTION change_log_mismatches(max_rows integer) RETURNS TABLE (table_name text, row_key text, last_seq bigint, problem text)
LANGUAGE plpgsql STABLE SET TimeZone = 'UTC' AS $$
DECLARE
    t change_log_table;
BEGIN
    FOR t IN SELECT * FROM change_log_table ORDER BY table_name LOOP
        RETURN QUERY EXECUTE format($q$
            WITH cur AS (SELECT img ->> %L AS k, img::text AS img FROM (SELECT change_log_image(x) AS img FROM %I x) s),
                 last AS (SELECT DISTINCT ON (c.row_key) c.row_key AS k, c.after AS img, c.seq
                          FROM change_log c WHERE c.table_name = %L ORDER BY c.row_key, c.seq DESC)
            SELECT %L::text, coalesce(cur.k, last.k), last.seq,
                   CASE WHEN last.k IS NULL THEN 'the row has no entry in the change log'
                        WHEN cur.k IS NULL THEN 'the row is gone, but its last entry did not delete it'
                        WHEN last.img IS NULL THEN 'the row exists, but its last entry deleted it'
                        ELSE 'the row differs from the after-image of its last entry' END
            FROM cur FULL JOIN last ON cur.k = last.k
            WHERE cur.img IS DISTINCT FROM last.img
            ORDER BY 2 LIMIT %s$q$, t.key_column, t.table_name, t.table_name, t.table_name, max_rows);
    END LOOP;
END $$;
