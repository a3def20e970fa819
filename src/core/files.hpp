#pragma once
// Whole-file reads for content shipped with the project (articles, synonym tables, corpora).
#include <string>

namespace soom {

// The file's bytes; throws std::runtime_error naming the path when it cannot be opened.
std::string read_file(const std::string& path);

}  // namespace soom
