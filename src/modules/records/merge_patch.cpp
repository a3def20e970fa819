#include "modules/records/merge_patch.hpp"

namespace soom::records {

boost::json::value apply_merge_patch(const boost::json::value& target, const boost::json::value& patch) {
  if (!patch.is_object()) return patch;
  boost::json::object result = target.is_object() ? target.as_object() : boost::json::object{};
  for (const auto& [key, value] : patch.as_object()) {
    if (value.is_null()) {
      result.erase(key);
    } else {
      const auto* current = result.if_contains(key);
      result[key] = apply_merge_patch(current ? *current : boost::json::value(nullptr), value);
    }
  }
  return result;
}

}  // namespace soom::records
