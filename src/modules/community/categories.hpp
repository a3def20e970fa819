#pragma once
// The fixed list of post categories: stable codes in the API and the database, Korean
// labels for display.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace soom::community {

const std::vector<std::pair<std::string, std::string>>& categories();  // (code, label)
std::optional<std::string> category_label(std::string_view code);

}  // namespace soom::community
