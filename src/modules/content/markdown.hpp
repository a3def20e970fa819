#pragma once
// Markdown (CommonMark + GFM tables/strikethrough/autolinks) → sanitized HTML and plain text.
#include <string>
#include <string_view>

namespace soom::content {

// True for http/https URLs and for relative references (no scheme); everything else
// (javascript:, data:, vbscript:, mailto:, …) is unsafe in an article.
bool is_safe_url(std::string_view url);

// Raw HTML comes out escaped as text, and links/images with unsafe URLs are reduced to their
// text, so the result is safe to embed in a page.
std::string render_html(std::string_view markdown);

// The text a reader sees, without Markdown syntax (search indexing). Blocks are separated by
// newlines.
std::string plain_text(std::string_view markdown);

}  // namespace soom::content
