#include "core/files.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace soom {
namespace {

TEST(FilesTest, ReadsTheWholeFileAsBytesAndNamesAMissingPath) {
  const auto path = std::filesystem::temp_directory_path() / "soom-files-test.bin";
  constexpr char kBytes[] = "천식\0\r\nend";  // a NUL and a CR must survive
  const std::string bytes(kBytes, sizeof kBytes - 1);
  std::ofstream(path, std::ios::binary) << bytes;
  EXPECT_EQ(read_file(path.string()), bytes);
  std::filesystem::remove(path);
  try {
    read_file(path.string());
    FAIL() << "a missing file must throw";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos);
  }
}

}  // namespace
}  // namespace soom
