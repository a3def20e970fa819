#pragma once
// The search index's view of the contexts it indexes: a search::DocumentSource over the
// content and community public queries. Lives in the composition root so that search knows
// nothing about articles or posts, and they know nothing about search.
#include <memory>

#include "modules/community/community.hpp"
#include "modules/content/content.hpp"
#include "modules/search/search.hpp"

namespace soom::app {

std::shared_ptr<search::DocumentSource> make_search_source(std::shared_ptr<content::ContentQueries> articles,
                                                           std::shared_ptr<community::CommunityQueries> posts);

}  // namespace soom::app
