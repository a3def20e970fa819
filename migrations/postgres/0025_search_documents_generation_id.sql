-- search: a generation's first and last id (stage 1's id windows, read once a minute per
-- process) from an index instead of a walk of the primary key past the other generation's rows:
-- during a reindex the first id of the generation being built cost 0.4 s at 100K documents.
CREATE INDEX search_documents_generation_id ON search_documents (generation, id);
