-- community: the bookmark list pages by (bookmark time, post id) per user; the primary key
-- (user_id, post_id) cannot serve that order, so every page sorted all of the user's
-- bookmarks. The feed and post-page reads are already served by the indexes of 0008 (see
-- docs/community.md, "Performance").
CREATE INDEX community_bookmarks_recent ON community_bookmarks (user_id, created_at, post_id);
