-- search: "the newest K documents matching these words" without reading every match. A GIN
-- index cannot return ids in order, so stage 1 bounded the newest candidates by an id window —
-- but the window came from the primary key and was ANDed with a GIN bitmap of *every* posting
-- of the words (≈ 0.5 µs each: 5–7 ms for a word in 10–25 % of 100K posts), or stage 1 walked
-- the primary key backwards re-testing each row's tsvector.
-- Now each GIN index has a second column: the row's id buckets, fine (id / 256) and coarse
-- (id / 4096, negated so the two never collide). A window is a handful of bucket values (whole
-- coarse buckets, fine ones at its old end), and GIN intersects their posting lists with the
-- words' inside the scan, skipping through whichever side is longer: ≈ 0.5–1 ms whether the
-- words are in 1 % or 70 % of the posts. (A btree_gin range on the id was tried: GIN turns a
-- range into a bitmap of every row in it first, 11 ms for a sparse word's wide window.)
-- The expression must stay as written: stage 1 repeats it (search_sql.hpp, kIdBuckets) so that
-- the planner matches its queries to these indexes. A query on the tsvector alone uses the
-- first column as before.
DROP INDEX search_documents_tsv;
CREATE INDEX search_documents_tsv ON search_documents USING GIN (tsv, (ARRAY[id / 256, -1 - id / 4096]));
DROP INDEX search_documents_heading_tsv;
CREATE INDEX search_documents_heading_tsv ON search_documents
  USING GIN (heading_tsv, (ARRAY[id / 256, -1 - id / 4096]));
