-- search: the id buckets of the GIN indexes (0022) name the row's generation too. During
-- `soomcare search reindex` the generation being built holds newer ids than the one serving,
-- and live writes to the serving generation land after them; a window over the newest ids then
-- matched mostly rows of the other generation, each read from the heap only to be dropped (and
-- widening the window ended in a bitmap of every match of both generations). With the
-- generation in the bucket values (generation · 2^40 + bucket), a window matches the serving
-- generation's rows only. Same shape otherwise: fine buckets id / 256 as positive values,
-- coarse ones id / 4096 as negative values. Stage 1 repeats the expression (search_sql.hpp,
-- kIdBuckets) so that the planner matches its queries to these indexes.
DROP INDEX search_documents_tsv;
CREATE INDEX search_documents_tsv ON search_documents USING GIN
  (tsv, (ARRAY[generation * 1099511627776 + id / 256, -1 - generation * 1099511627776 - id / 4096]));
DROP INDEX search_documents_heading_tsv;
CREATE INDEX search_documents_heading_tsv ON search_documents USING GIN
  (heading_tsv, (ARRAY[generation * 1099511627776 + id / 256, -1 - generation * 1099511627776 - id / 4096]));
