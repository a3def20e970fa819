#pragma once
// Handlers translate JSON ⇄ service structs; no logic lives here.
#include "http/message.hpp"
#include "modules/content/content.hpp"

namespace soom::content::handlers {

// Public listener.
http::Response list_articles(ContentService& service, http::Request& request);
http::Response get_article(ContentService& service, http::Request& request);
http::Response related_articles(ContentService& service, http::Request& request);
http::Response put_bookmark(ContentService& service, http::Request& request);
http::Response delete_bookmark(ContentService& service, http::Request& request);
http::Response list_bookmarks(ContentService& service, http::Request& request);
http::Response list_categories(ContentService& service, http::Request& request);

// Back-office listener (editor workflow).
http::Response editor_list(ContentService& service, http::Request& request);
http::Response editor_create(ContentService& service, http::Request& request);
http::Response editor_get(ContentService& service, http::Request& request);
http::Response editor_update(ContentService& service, http::Request& request);
http::Response editor_preview(ContentService& service, http::Request& request);
http::Response editor_publish(ContentService& service, http::Request& request);
http::Response editor_unpublish(ContentService& service, http::Request& request);
http::Response editor_archive(ContentService& service, http::Request& request);
http::Response editor_revisions(ContentService& service, http::Request& request);
http::Response editor_audit(ContentService& service, http::Request& request);

}  // namespace soom::content::handlers
