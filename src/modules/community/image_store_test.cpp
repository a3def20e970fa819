#include "modules/community/image_store.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/random.hpp"

namespace soom::community {
namespace {

class ImageStoreTest : public ::testing::Test {
 protected:
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_ = std::filesystem::temp_directory_path() / ("soom-images-" + random_token(8));
  std::shared_ptr<ImageStore> store_ = make_local_image_store(dir_);
};

TEST_F(ImageStoreTest, PutGetRemove) {
  const std::string bytes("\x89PNG\r\n\x1A\nfake-but-binary\0data", 27);
  const auto key = image_key(bytes);
  ASSERT_TRUE(is_image_key(key));
  ASSERT_TRUE(store_->put(key, bytes).ok());
  ASSERT_TRUE(store_->put(key, bytes).ok());  // idempotent
  const auto got = store_->get(key);
  ASSERT_TRUE(got.ok());
  ASSERT_TRUE(got.value().has_value());
  EXPECT_EQ(*got.value(), bytes);
  EXPECT_TRUE(std::filesystem::exists(dir_ / key.substr(0, 2) / key));
  // No temporary file is left behind.
  int files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_)) files += entry.is_regular_file();
  EXPECT_EQ(files, 1);

  ASSERT_TRUE(store_->remove(key).ok());
  EXPECT_FALSE(store_->get(key).value().has_value());
  EXPECT_TRUE(store_->remove(key).ok());
}

TEST_F(ImageStoreTest, RejectsKeysThatAreNotContentAddresses) {
  EXPECT_FALSE(is_image_key("../../etc/passwd"));
  EXPECT_FALSE(is_image_key(std::string(64, 'A')));
  EXPECT_FALSE(store_->put("../x", "data").ok());
  const auto got = store_->get("../../etc/passwd");
  ASSERT_TRUE(got.ok());
  EXPECT_FALSE(got.value().has_value());
}

}  // namespace
}  // namespace soom::community
