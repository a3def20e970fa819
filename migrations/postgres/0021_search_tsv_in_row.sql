-- search: keep what a search reads of each document in its row. Stage 1 tests `tsv @@ query`
-- row by row when it walks the newest documents, and stage 2 reads the analyzed tokens of
-- ≈ 300 candidates to rank them. With the default storage PostgreSQL moved the longest of
-- these (the ≈ 2.5 KB tsvector, the body tokens) out of line into TOAST once a row passed
-- 2 KB: an index probe and chunk reads per row and column, 10–35 µs each. MAIN keeps a column
-- in the row (compressed first, moved out only when the row would not fit in a page);
-- the raw text (body, summary), which only the final page of results reads, still goes to
-- TOAST. lz4, when the server has it, makes a compressed column cheap to read.
-- Rows written from now on (every reindex rewrites them all) use the new storage.
ALTER TABLE search_documents
  ALTER COLUMN tsv SET STORAGE MAIN,
  ALTER COLUMN heading_tsv SET STORAGE MAIN,
  ALTER COLUMN title_tokens SET STORAGE MAIN,
  ALTER COLUMN tags_tokens SET STORAGE MAIN,
  ALTER COLUMN summary_tokens SET STORAGE MAIN,
  ALTER COLUMN body_tokens SET STORAGE MAIN;
DO $$
BEGIN
  EXECUTE 'ALTER TABLE search_documents ALTER COLUMN tsv SET COMPRESSION lz4, '
          'ALTER COLUMN summary_tokens SET COMPRESSION lz4, ALTER COLUMN body_tokens SET COMPRESSION lz4';
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
  NULL;  -- a server built without lz4 keeps pglz
END $$;
