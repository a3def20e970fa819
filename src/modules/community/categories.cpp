#include "modules/community/categories.hpp"

namespace soom::community {

const std::vector<std::pair<std::string, std::string>>& categories() {
  static const std::vector<std::pair<std::string, std::string>> list{
      {"daily", "일상"},           {"question", "질문"},          {"info", "정보 공유"},
      {"treatment_review", "치료 후기"}, {"medication", "약·흡입기"}, {"environment", "미세먼지·환경"},
      {"support", "응원·위로"}};
  return list;
}

std::optional<std::string> category_label(std::string_view code) {
  for (const auto& [c, label] : categories()) {
    if (c == code) return label;
  }
  return std::nullopt;
}

}  // namespace soom::community
