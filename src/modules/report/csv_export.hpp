#pragma once
// All of a user's records as CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel
// reads Korean correctly), RFC 4180 quoting, CRLF line ends, and cells that a spreadsheet
// would evaluate as a formula (starting with = + - @, tab or CR) prefixed with ' (OWASP
// "CSV injection").
#include <string>
#include <string_view>
#include <vector>

#include "modules/records/records.hpp"

namespace soom::report {

inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// One cell: neutralized, then quoted when it holds a comma, quote, CR or LF.
std::string csv_cell(std::string_view value);
std::string records_csv(const std::vector<records::Record>& records);

}  // namespace soom::report
