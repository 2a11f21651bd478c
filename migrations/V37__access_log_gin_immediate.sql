-- The access log's GIN index on block ids inserts each entry at once instead of through GIN's pending list: a tile
-- of blocks records a hundred ids, and the list's periodic merge into the index ran inside some unlucky request
-- (tiles of all blocks at 8 clients: p99 above a second). A steady fraction of a millisecond per entry instead.
ALTER INDEX access_log_parcel_ids SET (fastupdate = off);
