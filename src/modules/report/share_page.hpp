#pragma once
// The read-only HTML page a clinician sees through a share link: figures, the Korean
// summary, the four charts inline (the same cairo drawing as everywhere) and the action
// plan. Everything from the database is HTML-escaped; the page has no script.
#include <string>
#include <string_view>

#include "modules/report/report.hpp"

namespace soom::report {

std::string html_escape(std::string_view text);

// Makes the ids of one cairo SVG unique inside a page that holds several (cairo names its
// glyphs and clips glyph0-1, clip1… in every document).
std::string prefix_svg_ids(std::string_view svg, std::string_view prefix);

std::string shared_report_html(const SharedReport& shared);

// For the response: no script, no external resource, inline styles only.
inline constexpr const char* kSharePageCsp =
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

}  // namespace soom::report
