-- search at scale (issue 7): editors' synonym changes reach every process without a restart —
-- each search already reads search_state and reloads the synonyms when this version moved —,
-- and a covering index so that N and the average field lengths (BM25) are computed without
-- scanning the wide document rows.
ALTER TABLE search_state ADD COLUMN synonyms_version BIGINT NOT NULL DEFAULT 0;
CREATE INDEX search_documents_lengths ON search_documents (title_words, tags_words, summary_words, body_words);
