-- The access log (访问日志): who read the sensitive coordinates, when, which, and through which protocol. One row
-- per request that returned coordinates of PLANNED blocks (unpublished before their auction) or features of the
-- protected layers. A request may have read both, so there is no single "kind": parcel_ids and layers say what.
--
-- protocol: GRAPHQL_HTTP (POST/GET /graphql), GRAPHQL_WS (an operation over the WebSocket at /graphql),
-- OGC_FEATURES (/ogc/collections/{id}/items[/{featureId}]), OGC_TILES (vector tiles under /ogc),
-- REPORT (a compliance report's JSON or PDF under /reports).
--
-- key_id has no foreign key on purpose: the evidence must outlive any change to api_key.
CREATE TABLE access_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- now() is the transaction's start: the time the read's own statements saw the register.
    at          timestamptz NOT NULL DEFAULT now(),
    key_id      uuid,
    caller_name text NOT NULL,
    role        text NOT NULL,
    request_id  text,
    protocol    text NOT NULL CHECK (protocol IN ('GRAPHQL_HTTP', 'GRAPHQL_WS', 'OGC_FEATURES', 'OGC_TILES', 'REPORT')),
    -- The PLANNED blocks whose coordinates (geometry, WKT, bbox, centroid, corner points, tile shapes) were returned.
    parcel_ids  uuid[] NOT NULL DEFAULT '{}',
    -- The protected layers whose features' geometry was returned.
    layers      text[] NOT NULL DEFAULT '{}'
                CHECK (layers <@ ARRAY['RED_LINE', 'BASIC_FARMLAND', 'MOUNTAIN_PROTECTION', 'PLANNED_ZONE']::text[]),
    -- Where: the requested bbox, the tile's envelope or the box of the returned layer features; NULL when unbounded.
    extent      geometry(Polygon, 4490),
    -- What was asked: the GraphQL operation, the collection, the tile z/y/x, the report.
    detail      text,
    CONSTRAINT access_log_reads_something CHECK (cardinality(parcel_ids) > 0 OR cardinality(layers) > 0)
);

CREATE INDEX access_log_at ON access_log (at);
CREATE INDEX access_log_parcel_ids ON access_log USING gin (parcel_ids);
CREATE INDEX access_log_key_id ON access_log (key_id, at);

-- Append-only. The log is the evidence of who saw what before an auction: a row that could be changed or removed
-- proves nothing. The application's role owns the table, so privileges alone would not stop it; the triggers do,
-- for every role but a superuser who drops them (which itself leaves a trace in the DDL history).
CREATE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'access_log is append-only: % is refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER access_log_no_change BEFORE UPDATE OR DELETE ON access_log
    FOR EACH ROW EXECUTE FUNCTION access_log_append_only();
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
    FOR EACH STATEMENT EXECUTE FUNCTION access_log_append_only();
