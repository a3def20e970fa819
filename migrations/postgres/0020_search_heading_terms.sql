-- search: heading frequencies (PostgreSQL only). Stage 1 chooses between walking the newest
-- rows and the heading_tsv GIN bitmap by how many documents have the words in a title, tags
-- or summary; the index now counts each heading token under '#' + token in search_terms
-- (terms::kHeadingPrefix; analyzer tokens never contain '#'). Backfill from heading_tsv.
INSERT INTO search_terms (generation, token, documents)
SELECT g.generation, '#' || s.word, s.ndoc
FROM (SELECT DISTINCT generation FROM search_documents) g,
     LATERAL ts_stat(format('SELECT heading_tsv FROM search_documents WHERE generation = %s', g.generation)) s
ON CONFLICT (generation, token) DO UPDATE SET documents = excluded.documents;
