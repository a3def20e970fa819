#include "modules/search/snippet.hpp"

#include <algorithm>
#include <utility>

namespace soom::search {
namespace {

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

using Range = std::pair<std::size_t, std::size_t>;

std::vector<Range> find_matches(std::string_view text, const std::vector<std::string>& terms) {
  const std::string lowered = ascii_lower(text);
  std::vector<Range> ranges;
  for (const auto& term : terms) {
    if (term.empty()) continue;
    for (std::size_t at = lowered.find(term); at != std::string::npos; at = lowered.find(term, at + term.size())) {
      ranges.emplace_back(at, at + term.size());
    }
  }
  std::sort(ranges.begin(), ranges.end());
  std::vector<Range> merged;
  for (const auto& r : ranges) {
    if (!merged.empty() && r.first <= merged.back().second) {
      merged.back().second = std::max(merged.back().second, r.second);
    } else {
      merged.push_back(r);
    }
  }
  return merged;
}

// Moves `i` back to the start of the UTF-8 character containing it.
std::size_t char_start(std::string_view text, std::size_t i) {
  while (i > 0 && i < text.size() && is_continuation(text[i])) --i;
  return i;
}

std::size_t advance(std::string_view text, std::size_t i, std::size_t codepoints) {
  while (i < text.size() && codepoints > 0) {
    ++i;
    while (i < text.size() && is_continuation(text[i])) ++i;
    --codepoints;
  }
  return i;
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string highlight(std::string_view text, const std::vector<std::string>& terms) {
  std::string out;
  std::size_t at = 0;
  for (const auto& [begin, end] : find_matches(text, terms)) {
    out += html_escape(text.substr(at, begin - at));
    out += "<mark>" + html_escape(text.substr(begin, end - begin)) + "</mark>";
    at = end;
  }
  out += html_escape(text.substr(at));
  return out;
}

std::string snippet(std::string_view text, const std::vector<std::string>& terms, std::size_t max_codepoints) {
  const auto matches = find_matches(text, terms);
  std::size_t begin = 0;
  if (!matches.empty()) {
    // Start a few words before the first match so it reads in context.
    const std::size_t lead = 20;
    std::size_t i = matches.front().first;
    for (std::size_t n = 0; n < lead && i > 0; ++n) i = char_start(text, i - 1);
    begin = i;
  }
  const std::size_t end = advance(text, begin, max_codepoints);
  std::string out = begin > 0 ? "…" : "";
  out += highlight(text.substr(begin, end - begin), terms);
  if (end < text.size()) out += "…";
  return out;
}

}  // namespace soom::search
