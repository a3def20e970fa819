#include "core/secret_box.hpp"

#include <gtest/gtest.h>

namespace soom {
namespace {

const std::string kKey(48, 'k');

TEST(SecretBox, SealsAndOpens) {
  const SecretBox box(kKey);
  const auto sealed = box.seal("JBSWY3DPEHPK3PXP", "totp");
  EXPECT_TRUE(SecretBox::is_sealed(sealed));
  EXPECT_EQ(sealed.find("JBSWY3DPEHPK3PXP"), std::string::npos);
  EXPECT_NE(box.seal("JBSWY3DPEHPK3PXP", "totp"), sealed);  // a fresh nonce each time
  EXPECT_EQ(box.open(sealed, "totp"), std::optional<std::string>("JBSWY3DPEHPK3PXP"));
  EXPECT_EQ(box.open(box.seal("", "totp"), "totp"), std::optional<std::string>(""));
}

TEST(SecretBox, RefusesAnotherKeyPurposeOrAlteredText) {
  const SecretBox box(kKey);
  const auto sealed = box.seal("whsec_abc", "webhook");
  EXPECT_FALSE(SecretBox(std::string(48, 'x')).open(sealed, "webhook"));
  EXPECT_FALSE(box.open(sealed, "totp"));
  std::string altered = sealed;
  altered[altered.size() - 5] = altered[altered.size() - 5] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(box.open(altered, "webhook"));
  EXPECT_FALSE(box.open("sb1.!!!", "webhook"));
  EXPECT_FALSE(box.open("sb1.AAAA", "webhook"));  // shorter than nonce + tag
}

TEST(SecretBox, TextFromBeforeSealingReadsAsItIs) {
  const SecretBox box(kKey);
  EXPECT_FALSE(SecretBox::is_sealed("whsec_plain"));
  EXPECT_EQ(box.open("whsec_plain", "webhook"), std::optional<std::string>("whsec_plain"));
}

TEST(SecretBox, WantsAKeyOfAtLeast32Bytes) { EXPECT_THROW(SecretBox("short"), std::invalid_argument); }

}  // namespace
}  // namespace soom
