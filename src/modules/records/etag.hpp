#pragma once
// ETags of records are the version: "v3". If-Match parsing accepts strong and weak forms
// (W/"v3"), lists ("v2", "v3") and "*".
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace soom::records {

std::string etag_of(std::int64_t version);

struct IfMatch final {
  bool any = false;                       // "*": the record must exist
  std::optional<std::int64_t> version;    // the (first) version named
  bool malformed = false;                 // nothing usable: never matches (412)
};
IfMatch parse_if_match(std::string_view header);

}  // namespace soom::records
