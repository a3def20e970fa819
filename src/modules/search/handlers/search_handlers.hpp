#pragma once
// HTTP ⇄ search structs for /v1/search… (public) and /admin/v1/search… (back office).
#include <memory>

#include "core/time.hpp"
#include "http/message.hpp"
#include "modules/search/search.hpp"

namespace soom::search::handlers {

struct Context final {
  std::shared_ptr<SearchIndex> index;
  std::shared_ptr<db::Database> db;
  std::shared_ptr<const Clock> clock;
};

http::Response search(Context& c, http::Request& request);
http::Response suggest(Context& c, http::Request& request);
http::Response record_click(Context& c, http::Request& request);

http::Response top_queries(Context& c, http::Request& request);
http::Response list_synonyms(Context& c, http::Request& request);
http::Response add_synonym(Context& c, http::Request& request);
http::Response remove_synonym(Context& c, http::Request& request);

}  // namespace soom::search::handlers
