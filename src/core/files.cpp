#include "core/files.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace soom {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace soom
