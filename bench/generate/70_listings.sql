-- Auction listings (出让公告) over the regular blocks, with their change feed, for the listing scenarios.
-- One listing per block for half of the regular blocks (2 500 of 5 000 by default), never on the fixture
-- or cluster blocks (the other scenarios keep their blocks as they are). Statuses by share: 36% ANNOUNCED,
-- 8% DRAFT, 10% BIDDING, 22% SOLD, 12% UNSOLD, 12% WITHDRAWN (half of them after announcement). Each block's
-- status follows its listing as the service keeps it: ANNOUNCED/BIDDING -> LISTED, SOLD -> GRANTED, and
-- PLANNED for drafts and after UNSOLD or WITHDRAWN. The feed holds every change the service would have
-- written, numbered 1..N in time order, and the counter is set to N.
--
-- Rerunnable on a bench database made before this step existed: it replaces the listings it made itself
-- (created_by 'bench-data') and refuses to run when any other listing exists, since the feed must stay
-- gapless and in commit order.

SELECT bench.reseed(70);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM listing WHERE created_by <> 'bench-data') THEN
        RAISE EXCEPTION 'listings not made by bench-data exist: 70_listings.sql will not renumber their change feed';
    END IF;
END $$;
DELETE FROM listing_change WHERE listing_id IN (SELECT id FROM listing WHERE created_by = 'bench-data');
DELETE FROM listing WHERE created_by = 'bench-data';

-- The blocks, in an order that depends only on the seed and the code (so a rerun picks the same ones), and
-- each one's timeline in days before now. Bidding opens at least 20 days after the announcement (公告期).
CREATE TEMP TABLE listing_plan ON COMMIT DROP AS
WITH pick AS (
    SELECT p.id AS parcel_id, p.planned_start_price,
           row_number() OVER (ORDER BY md5(p.code || current_setting('bench.seed'))) - 1 AS k,
           count(*) OVER () AS regular
    FROM mine_parcel p
    WHERE p.code ~ '^BENCH-[0-9]{6}$' AND substr(p.code, 7)::int > 52
), sized AS (
    SELECT pick.*, (SELECT count(*) FROM mine_parcel WHERE code ~ '^BENCH-[0-9]{6}$') / 2 AS n
    FROM pick
), typed AS (
    SELECT s.*,
           CASE WHEN k < 0.36 * n THEN 'ANNOUNCED'
                WHEN k < 0.44 * n THEN 'DRAFT'
                WHEN k < 0.54 * n THEN 'BIDDING'
                WHEN k < 0.76 * n THEN 'SOLD'
                WHEN k < 0.88 * n THEN 'UNSOLD'
                ELSE 'WITHDRAWN' END AS status,
           -- A withdrawn listing was announced first in half the cases.
           k >= 0.88 * n AND k % 2 = 0 AS withdrawn_announced
    FROM sized s
    WHERE k < least(n, regular)
)
SELECT t.parcel_id, t.k, t.status,
       gen_random_uuid() AS id,
       (ARRAY['LISTING', 'LISTING', 'LISTING', 'AUCTION', 'AUCTION', 'TENDER'])[1 + floor(random() * 6)::int] AS method,
       round(coalesce(t.planned_start_price, 1e6) * (1 + 0.3 * random())::numeric, -3) AS start_price,
       -- Days before now of the announcement (null if never announced); drafts were created 0-30 days ago.
       CASE t.status WHEN 'ANNOUNCED' THEN 1 + 18 * random()
                     WHEN 'BIDDING' THEN 31 + 4 * random()
                     WHEN 'SOLD' THEN 60 + 500 * random()
                     WHEN 'UNSOLD' THEN 60 + 500 * random()
                     WHEN 'WITHDRAWN' THEN CASE WHEN t.withdrawn_announced THEN 10 + 300 * random() END
        END AS announced_days,
       3 + 30 * random() AS prep_days,
       20 + 10 * random() AS notice_days,
       7 + 14 * random() AS window_days,
       random() < 0.35 AS edited,
       1 + floor(random() * 40)::int AS steps,
       lpad(floor(random() * 1e10)::bigint::text, 10, '0') AS org_digits
FROM typed t;

INSERT INTO listing (id, parcel_id, method, status, start_price, deposit, bid_increment, announcement_date, bidding_start,
                     bidding_end, conditions, announced_at, announce_floor, announce_evidence, withdrawn_at, withdraw_reason,
                     final_price, winner_name, winner_credit_code, decided_at, outcome_key, outcome_reported_by,
                     outcome_reported_at, version, created_by, created_at, updated_at)
SELECT p.id, p.parcel_id, p.method, p.status, p.start_price, round(p.start_price * 0.2, -3), round(p.start_price * 0.01, -2),
       (t.announced AT TIME ZONE 'Asia/Shanghai')::date, t.bidding_start, t.bidding_start + p.window_days * interval '1 day',
       '竞买人须具备相应的矿产资源开采能力(基准测试数据)',
       CASE WHEN t.was_announced THEN t.announced END,
       CASE WHEN t.was_announced THEN round(p.start_price * 0.8, 2) END,
       CASE WHEN t.was_announced THEN jsonb_build_object(
           'source', 'bench-data', 'overlap', jsonb_build_object('verdict', 'CLEAR'),
           'floorYuan', round(p.start_price * 0.8, 2), 'startPriceYuan', p.start_price,
           'announcementDate', (t.announced AT TIME ZONE 'Asia/Shanghai')::date) END,
       CASE WHEN p.status = 'WITHDRAWN' THEN t.closed END,
       CASE WHEN p.status = 'WITHDRAWN' THEN '基准测试: 撤回' END,
       CASE WHEN p.status = 'SOLD' THEN p.start_price + round(p.start_price * 0.01, -2) * p.steps END,
       CASE WHEN p.status = 'SOLD' THEN '驻马店基准矿业有限公司' || p.k END,
       CASE WHEN p.status = 'SOLD' THEN t.credit17 || substr('0123456789ABCDEFGHJKLMNPQRTUWXY', 1 + (31 - t.credit_sum % 31) % 31, 1) END,
       CASE WHEN p.status IN ('SOLD', 'UNSOLD') THEN t.closed END,
       CASE WHEN p.status IN ('SOLD', 'UNSOLD') THEN 'bench-' || p.id END,
       CASE WHEN p.status IN ('SOLD', 'UNSOLD') THEN 'bench-platform' END,
       CASE WHEN p.status IN ('SOLD', 'UNSOLD') THEN t.closed + interval '1 hour' END,
       -- One version per change after the creation: the edit of a draft, then each transition.
       1 + p.edited::int + CASE p.status WHEN 'DRAFT' THEN 0 WHEN 'ANNOUNCED' THEN 1 WHEN 'BIDDING' THEN 2
                                         WHEN 'SOLD' THEN 3 WHEN 'UNSOLD' THEN 3
                                         ELSE 1 + t.was_announced::int END,
       'bench-data', t.created, coalesce(t.closed, t.started, t.announced_or_null, t.edited_at, t.created)
FROM listing_plan p
CROSS JOIN LATERAL (
    SELECT *, CASE WHEN was_announced THEN announced END AS announced_or_null,
           CASE WHEN p.status IN ('BIDDING', 'SOLD', 'UNSOLD') THEN bidding_start END AS started,
           CASE WHEN p.status IN ('SOLD', 'UNSOLD') THEN bidding_start + p.window_days * interval '1 day'
                WHEN p.status = 'WITHDRAWN' THEN least(now() - interval '1 day', CASE WHEN was_announced THEN announced ELSE created END + interval '5 days') END AS closed
    FROM (SELECT p.announced_days IS NOT NULL AS was_announced,
                 -- Never-announced listings still carry the planned announcement date.
                 now() - coalesce(p.announced_days, greatest(p.prep_days - 20, 2) - 20) * interval '1 day' AS announced,
                 now() - (coalesce(p.announced_days, 0) + p.prep_days) * interval '1 day' AS created,
                 CASE WHEN p.edited THEN now() - (coalesce(p.announced_days, 0) + p.prep_days / 2) * interval '1 day' END AS edited_at,
                 '914117' || '2' || p.org_digits AS credit17,
                 (SELECT sum(substr('914117' || '2' || p.org_digits, i, 1)::int * (ARRAY[1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28])[i])::int
                  FROM generate_series(1, 17) AS i) AS credit_sum) a,
         LATERAL (SELECT a.announced + p.notice_days * interval '1 day' AS bidding_start) b
) t;

-- The feed: every change each listing went through, then numbered by time across all listings.
INSERT INTO listing_change (seq, listing_id, kind, status, public, changed_at, changed_by)
SELECT row_number() OVER (ORDER BY e.changed_at, l.id, e.step), l.id, e.kind, e.status, e.public, e.changed_at, e.changed_by
FROM listing l
CROSS JOIN LATERAL (
    VALUES (1, 'CREATED', 'DRAFT', false, l.created_at, 'bench-editor'),
           -- The draft was edited when the version counts one more change than the transitions.
           (2, CASE WHEN l.version > 1 + (l.announced_at IS NOT NULL)::int + (l.status IN ('BIDDING', 'SOLD', 'UNSOLD'))::int
                                       + (l.status IN ('SOLD', 'UNSOLD', 'WITHDRAWN'))::int
                    THEN 'UPDATED' END, 'DRAFT', false, l.created_at + (coalesce(l.announced_at, l.withdrawn_at, now()) - l.created_at) / 2,
            'bench-editor'),
           (3, CASE WHEN l.announced_at IS NOT NULL THEN 'ANNOUNCED' END, 'ANNOUNCED', true, l.announced_at, 'bench-editor'),
           (4, CASE WHEN l.status IN ('BIDDING', 'SOLD', 'UNSOLD') THEN 'BIDDING_STARTED' END, 'BIDDING', true, l.bidding_start,
            'bench-platform'),
           (5, CASE WHEN l.status IN ('SOLD', 'UNSOLD', 'WITHDRAWN') THEN l.status END, l.status, l.announced_at IS NOT NULL,
            coalesce(l.outcome_reported_at, l.withdrawn_at), CASE WHEN l.status = 'WITHDRAWN' THEN 'bench-editor' ELSE 'bench-platform' END)
) AS e(step, kind, status, public, changed_at, changed_by)
WHERE l.created_by = 'bench-data' AND e.kind IS NOT NULL;

UPDATE listing_change_counter SET last_seq = (SELECT coalesce(max(seq), 0) FROM listing_change);

-- Blocks in step with their listings.
UPDATE mine_parcel m
SET status = s.status, version = m.version + 1, updated_at = now()
FROM (SELECT parcel_id, CASE WHEN status IN ('ANNOUNCED', 'BIDDING') THEN 'LISTED'
                             WHEN status = 'SOLD' THEN 'GRANTED'
                             ELSE 'PLANNED' END AS status
      FROM listing WHERE created_by = 'bench-data') s
WHERE m.id = s.parcel_id AND m.status <> s.status;
