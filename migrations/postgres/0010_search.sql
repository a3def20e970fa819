-- search: the index (documents of one or two generations; reindex builds a new generation
-- while the active one serves, then flips search_state in one transaction), the synonym
-- table editors own, and the query log (no user id, by design).
CREATE TABLE search_state (
  id                  INTEGER PRIMARY KEY CHECK (id = 1),
  active_generation   BIGINT  NOT NULL,
  -- Set while a reindex runs so that live upserts land in both generations.
  building_generation BIGINT
);
INSERT INTO search_state (id, active_generation, building_generation) VALUES (1, 1, NULL);

CREATE TABLE search_documents (
  id            BIGSERIAL PRIMARY KEY,
  generation    BIGINT  NOT NULL,
  kind          TEXT    NOT NULL CHECK (kind IN ('article', 'post')),
  doc_id        TEXT    NOT NULL,
  title         TEXT    NOT NULL,
  tags          TEXT    NOT NULL,  -- tags joined by newlines
  summary       TEXT    NOT NULL,
  body          TEXT    NOT NULL,
  category      TEXT    NOT NULL,
  published_at  BIGINT  NOT NULL,
  popularity    DOUBLE PRECISION NOT NULL,
  -- The analyzer's output per field (see analyzer.hpp: tokens, words separated by " | ").
  title_tokens   TEXT NOT NULL,
  tags_tokens    TEXT NOT NULL,
  summary_tokens TEXT NOT NULL,
  body_tokens    TEXT NOT NULL,
  -- Field lengths in words, for BM25 length normalization.
  title_words   INTEGER NOT NULL,
  tags_words    INTEGER NOT NULL,
  summary_words INTEGER NOT NULL,
  body_words    INTEGER NOT NULL,
  -- setweight A..D = title, tags, summary, body over the analyzer's tokens. Built with
  -- array_to_tsvector so PostgreSQL neither re-parses nor stems them ('simple' semantics).
  tsv           TSVECTOR NOT NULL,
  UNIQUE (generation, kind, doc_id)
);
CREATE INDEX search_documents_tsv ON search_documents USING GIN (tsv);

CREATE TABLE search_synonyms (
  term       TEXT   PRIMARY KEY,  -- NFKC + case-folded
  group_id   TEXT   NOT NULL,
  position   INTEGER NOT NULL,    -- 0 = preferred display form of the group
  created_at BIGINT NOT NULL
);
CREATE INDEX search_synonyms_group ON search_synonyms (group_id, position);

CREATE TABLE search_queries (
  id          BIGSERIAL PRIMARY KEY,
  query_text  TEXT    NOT NULL,  -- normalized
  result_count INTEGER NOT NULL,
  clicked_kind TEXT,
  clicked_id   TEXT,
  created_at   BIGINT  NOT NULL
);
CREATE INDEX search_queries_created ON search_queries (created_at);
CREATE INDEX search_queries_text ON search_queries (query_text);
