-- search: document frequencies kept by the index itself (issue 7, 100K posts). Counting GIN
-- matches cost ≈ 1 s for a word in most posts (every matching row's tsvector was read), more
-- than the query. One row per generation and token: how many documents of that generation
-- contain the token in any field; the row with the empty token counts the generation's
-- documents (analyzer tokens are never empty). Every upsert/remove applies its difference in the
-- same transaction; a reindex adds its counts at the swap.
CREATE TABLE search_terms (
  generation BIGINT NOT NULL,
  token      TEXT NOT NULL,
  documents  BIGINT NOT NULL,
  PRIMARY KEY (generation, token)
);

-- Backfill every generation: ts_stat's ndoc is the number of documents whose tsvector (the
-- analyzer's tokens of all four fields) contains the lexeme.
INSERT INTO search_terms (generation, token, documents)
SELECT g.generation, s.word, s.ndoc
FROM (SELECT DISTINCT generation FROM search_documents) g,
     LATERAL ts_stat(format('SELECT tsv FROM search_documents WHERE generation = %s', g.generation)) s;
INSERT INTO search_terms (generation, token, documents)
SELECT generation, '', COUNT(*) FROM search_documents GROUP BY generation;

-- Stage 1 for articles only (kind = 'article'): a word in most posts no longer makes the GIN
-- bitmap visit every matching post's row to filter them out.
CREATE INDEX search_documents_article_tsv ON search_documents USING GIN (tsv) WHERE kind = 'article';

-- Stage 1's "newest with the words in a title, tags or summary": the weight-restricted query
-- over tsv re-read every candidate's whole tsvector. heading_tsv holds the title, tags and
-- summary tokens only — small enough to stay in the row — with its own GIN index.
ALTER TABLE search_documents ADD COLUMN heading_tsv TSVECTOR NOT NULL DEFAULT ''::tsvector;
UPDATE search_documents SET heading_tsv = array_to_tsvector(array_remove(array_remove(
  string_to_array(concat_ws(' ', title_tokens, tags_tokens, summary_tokens), ' '), '|'), ''));
CREATE INDEX search_documents_heading_tsv ON search_documents USING GIN (heading_tsv);
