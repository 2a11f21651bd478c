-- An entry's time is when its transaction was chained into the log, at commit, not when the transaction began.
-- As-of reads take every row as its last entry at or before an instant; with the start time, a transaction open at
-- that instant (an import of a million patches runs for a minute) and committed after it read as done at it, and an
-- as-of answer could change as old transactions committed. The time is taken once per transaction, when it first
-- holds the chain's lock (so all its entries share it, as they shared now()), and the lock is held until commit ends,
-- so times follow seq: an instant cuts the log into the transactions committed by then and those after. Entries
-- written before this migration keep their transaction's start time. Same canonical form and hash (at is in it).
CREATE OR REPLACE FUNCTION change_log_append(tbl text, op text, before_img jsonb, after_img jsonb) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    t change_log_table;
    img jsonb := coalesce(after_img, before_img);
    head record;
    e change_log;
    chained text;
BEGIN
    SELECT * INTO STRICT t FROM change_log_table WHERE table_name = tbl;
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
    PERFORM pg_advisory_xact_lock(7356012);
    chained := nullif(current_setting('registry.chained_at', true), '');
    IF chained IS NULL THEN
        chained := clock_timestamp()::text;
        PERFORM set_config('registry.chained_at', chained, true);
    END IF;
    e.at := chained::timestamptz;
    SELECT seq, hash INTO head FROM change_log ORDER BY seq DESC LIMIT 1;
    e.seq := coalesce(head.seq, 0) + 1;
    e.prev_hash := coalesce(head.hash, change_log_genesis());
    e.hash := change_log_hash(e.prev_hash, change_log_canonical(e.seq, e.at, e.table_name, e.row_key, e.record_table,
            e.record_key, e.operation, e.version_before, e.version_after, e.key_id, e.caller_name, e.action, e.request_id,
            e.before, e.after));
    INSERT INTO change_log VALUES (e.*);
END $$;
