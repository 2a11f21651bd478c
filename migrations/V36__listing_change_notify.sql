-- Every server of the register pushes listing changes to its own subscribers: each change notifies the channel
-- listing_change when its transaction commits (PostgreSQL delivers NOTIFY on commit, in commit order). The payload
-- is the seq only: a server reads the change from the feed, with each subscriber's own visibility.
CREATE FUNCTION listing_change_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('listing_change', NEW.seq::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER listing_change_notify AFTER INSERT ON listing_change
    FOR EACH ROW EXECUTE FUNCTION listing_change_notify();
