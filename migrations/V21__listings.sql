-- Auction listings (出让公告) and their change feed for auction platforms.

CREATE TABLE listing (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    parcel_id          uuid NOT NULL REFERENCES mine_parcel (id),
    method             text NOT NULL CHECK (method IN ('AUCTION', 'LISTING', 'TENDER')),
    status             text NOT NULL DEFAULT 'DRAFT'
                       CHECK (status IN ('DRAFT', 'ANNOUNCED', 'BIDDING', 'SOLD', 'UNSOLD', 'WITHDRAWN')),
    start_price        numeric(16, 2) NOT NULL CHECK (start_price > 0),
    deposit            numeric(16, 2) NOT NULL CHECK (deposit >= 0),
    bid_increment      numeric(16, 2) NOT NULL CHECK (bid_increment > 0),
    announcement_date  date NOT NULL,
    bidding_start      timestamptz NOT NULL,
    bidding_end        timestamptz NOT NULL,
    conditions         text,
    -- When the listing was announced, and what the gate checked then (overlap verdict, floor, versions).
    announced_at       timestamptz,
    announce_floor     numeric(18, 2),
    announce_evidence  jsonb,
    withdrawn_at       timestamptz,
    withdraw_reason    text,
    -- The outcome as reported by the platform; the idempotency key makes a retried report a no-op.
    final_price        numeric(16, 2),
    winner_name        text,
    winner_credit_code char(18),
    decided_at         timestamptz,
    outcome_key        text UNIQUE,
    outcome_reported_by text,
    outcome_reported_at timestamptz,
    -- The platform page orders by announcement; drafts (staff only) by creation.
    listed_at          timestamptz GENERATED ALWAYS AS (coalesce(announced_at, created_at)) STORED,
    version            integer NOT NULL DEFAULT 1 CHECK (version > 0),
    created_by         text NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT listing_window_order CHECK (bidding_end > bidding_start),
    CONSTRAINT listing_announced_with_evidence CHECK (
        status IN ('DRAFT', 'WITHDRAWN') OR (announced_at IS NOT NULL AND announce_evidence IS NOT NULL)),
    CONSTRAINT listing_sold_has_winner CHECK (
        (status = 'SOLD') = (final_price IS NOT NULL AND winner_name IS NOT NULL AND winner_credit_code IS NOT NULL)),
    CONSTRAINT listing_sold_at_or_above_start CHECK (final_price IS NULL OR final_price >= start_price),
    CONSTRAINT listing_outcome_decided CHECK ((status IN ('SOLD', 'UNSOLD')) = (decided_at IS NOT NULL AND outcome_key IS NOT NULL)),
    CONSTRAINT listing_withdrawn_when CHECK ((status = 'WITHDRAWN') = (withdrawn_at IS NOT NULL))
);
-- A block has at most one open listing (a draft counts: two drafts could both be announced).
CREATE UNIQUE INDEX listing_one_open_per_parcel ON listing (parcel_id) WHERE status IN ('DRAFT', 'ANNOUNCED', 'BIDDING');
CREATE INDEX listing_parcel_idx ON listing (parcel_id, created_at);
CREATE INDEX listing_listed_idx ON listing (listed_at DESC, id DESC);

-- The change feed. seq is taken from the counter row below inside the writing transaction: the row lock
-- makes writers take numbers one after another, each only after the previous writer has committed or rolled
-- back, so numbers are gapless and become visible in order. A reader that sees seq n has seen every seq < n.
CREATE TABLE listing_change_counter (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    last_seq  bigint NOT NULL CHECK (last_seq >= 0)
);
INSERT INTO listing_change_counter (singleton, last_seq) VALUES (true, 0);

CREATE TABLE listing_change (
    seq        bigint PRIMARY KEY CHECK (seq > 0),
    listing_id uuid NOT NULL REFERENCES listing (id),
    kind       text NOT NULL CHECK (kind IN ('CREATED', 'UPDATED', 'ANNOUNCED', 'BIDDING_STARTED', 'SOLD', 'UNSOLD', 'WITHDRAWN')),
    -- The listing's status after the change.
    status     text NOT NULL,
    -- Whether platforms and the public may see this change (never for drafts, nor for a draft withdrawn unannounced).
    public     boolean NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now(),
    changed_by text NOT NULL
);
CREATE INDEX listing_change_public_idx ON listing_change (seq) WHERE public;
CREATE INDEX listing_change_listing_idx ON listing_change (listing_id, seq);
