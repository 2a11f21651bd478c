-- Each layer feature keeps its identity in the source dataset (the GeoJSON id, else the layer's code
-- property), and where it came from ('id' for the Feature's id member, else the property's name as in the
-- file), so reports can name it as the data's owner knows it. NULL for rows imported before this.
-- On the partitioned farmland_patch the columns reach every attached partition; partitions an import
-- creates later copy the parent's columns (CREATE TABLE … LIKE).
ALTER TABLE red_line_area ADD COLUMN source_id text, ADD COLUMN source_id_property text;
ALTER TABLE farmland_patch ADD COLUMN source_id text, ADD COLUMN source_id_property text;
ALTER TABLE mountain_protection_area ADD COLUMN source_id text, ADD COLUMN source_id_property text;
ALTER TABLE planned_mining_zone ADD COLUMN source_id text, ADD COLUMN source_id_property text;
