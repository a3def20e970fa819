-- search: document frequencies kept by the index itself (issue 7, 100K posts). Sampling
-- FTS5 doclists (SQLite) and counting GIN matches (PostgreSQL, ≈ 1 s for a word in most posts)
-- made a query's idf cost more than the query. One row per generation and token: how many
-- documents of that generation contain the token in any field; the row with the empty token
-- counts the generation's documents (analyzer tokens are never empty). Every upsert/remove
-- applies its difference in the same transaction; a reindex adds its counts at the swap.
CREATE TABLE search_terms (
  generation INTEGER NOT NULL,
  token      TEXT NOT NULL,
  documents  INTEGER NOT NULL,
  PRIMARY KEY (generation, token)
) WITHOUT ROWID;

-- Backfill the active generation from FTS5's own per-term document counts (the FTS table holds
-- every generation; outside a reindex, which migrations never overlap, there is only one).
-- 'kindarticle' is the article marker in the FTS tags column, not a token.
INSERT INTO search_terms (generation, token, documents)
SELECT (SELECT active_generation FROM search_state WHERE id = 1), term, doc
FROM search_fts_vocab WHERE term <> 'kindarticle' AND doc > 0;
INSERT INTO search_terms (generation, token, documents)
SELECT generation, '', COUNT(*) FROM search_documents GROUP BY generation;
