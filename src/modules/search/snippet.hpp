#pragma once
// Highlighted, HTML-safe snippets: every byte of document text is escaped, and only the
// <mark> tags this code adds are markup.
#include <string>
#include <string_view>
#include <vector>

namespace soom::search {

std::string html_escape(std::string_view text);
// The whole text, escaped, with case-insensitive occurrences of `terms` wrapped in <mark>.
std::string highlight(std::string_view text, const std::vector<std::string>& terms);
// A window of about `max_codepoints` around the first match (the start when none), highlighted.
std::string snippet(std::string_view text, const std::vector<std::string>& terms, std::size_t max_codepoints = 120);

}  // namespace soom::search
