-- Reference for (e): the 50 newest ANNOUNCED listings (as a platform sees them) with block, county and reserves,
-- in one statement; the block only if a platform may see it (not PLANNED), as the API's parcel field.
SELECT l.id, l.status, l.method, l.start_price, l.deposit, l.bid_increment, l.announcement_date, l.bidding_start, l.bidding_end,
       p.code, p.name, round((p.area_m2 / 1e6)::numeric, 4), k.name, r.reserves
FROM listing l
LEFT JOIN mine_parcel p ON p.id = l.parcel_id AND p.status <> 'PLANNED'
LEFT JOIN county k ON k.code = p.county_code
LEFT JOIN LATERAL (
    SELECT json_agg(json_build_object('mineral', v.mineral, 'quantity', v.quantity, 'unit', v.unit, 'category', v.category)
                    ORDER BY v.ordinal) AS reserves
    FROM reserve v WHERE v.parcel_id = p.id) r ON true
WHERE l.status = 'ANNOUNCED'
  AND l.status <> 'DRAFT' AND (l.status <> 'WITHDRAWN' OR l.announced_at IS NOT NULL)
ORDER BY l.listed_at DESC, l.id DESC
LIMIT 50;
