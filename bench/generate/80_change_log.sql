-- Bench data generator, step 8, one round (one transaction) at a time until the change log holds
-- bench.change_log entries (BenchData.changeLog): the register edited as staff edit it, through its own tables so
-- that the change-log triggers write every entry. Most rounds re-estimate reserves (a small entry each); every tenth
-- revises the blocks' plan statements (an entry holding the whole block, geometry included). bench.round_rows caps a
-- round at the entries still wanted.
UPDATE reserve SET category_note = 'bench re-estimate ' || current_setting('bench.round')
WHERE current_setting('bench.round')::int % 10 <> 0
  AND id IN (SELECT id FROM reserve ORDER BY id LIMIT current_setting('bench.round_rows')::bigint);

UPDATE mine_parcel SET plan_conformity_statement = 'bench revision ' || current_setting('bench.round')
WHERE current_setting('bench.round')::int % 10 = 0
  AND id IN (SELECT id FROM mine_parcel ORDER BY id LIMIT current_setting('bench.round_rows')::bigint);
