#pragma once
// Hash for std::string-keyed unordered containers that lets find() take a string_view
// without building a std::string (use with std::equal_to<>).
#include <cstddef>
#include <functional>
#include <string_view>

namespace soom {

struct StringHash final {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

}  // namespace soom
