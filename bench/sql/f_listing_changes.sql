-- Reference for (f): the next 100 public changes after the fixture's seq, each with its listing as a platform
-- sees it, in one statement.
SELECT c.seq, c.kind, c.status, c.changed_at, c.listing_id,
       l.id, l.parcel_id, l.method, l.status, l.start_price, l.deposit, l.bid_increment, l.announcement_date, l.bidding_start,
       l.bidding_end, l.announced_at, l.withdrawn_at, l.withdraw_reason, l.final_price, l.winner_name, l.winner_credit_code,
       l.decided_at, l.version, l.updated_at
FROM listing_change c
LEFT JOIN listing l ON l.id = c.listing_id
     AND l.status <> 'DRAFT' AND (l.status <> 'WITHDRAWN' OR l.announced_at IS NOT NULL)
WHERE c.public AND c.seq > :F_SEQ
ORDER BY c.seq
LIMIT 100;
