#include "modules/community/view_buffer.hpp"

#include <gtest/gtest.h>

namespace soom::community {
namespace {

const Instant kT0{std::chrono::milliseconds(1'700'000'000'000)};

TEST(ViewBuffer, CountsPerPostUntilTaken) {
  ViewBuffer views;
  EXPECT_FALSE(views.due(kT0));
  EXPECT_EQ(views.add("a", kT0), 1);
  EXPECT_EQ(views.add("a", kT0), 2);
  EXPECT_EQ(views.add("b", kT0), 1);
  EXPECT_EQ(views.take(), (std::map<std::string, std::int64_t>{{"a", 2}, {"b", 1}}));
  EXPECT_TRUE(views.take().empty());
  EXPECT_EQ(views.add("a", kT0), 1);  // counting starts again
}

TEST(ViewBuffer, DueWhenTheOldestViewIsOldOrTooManyPostsWait) {
  ViewBuffer views;
  views.add("a", kT0);
  EXPECT_FALSE(views.due(kT0 + std::chrono::seconds(4)));
  EXPECT_TRUE(views.due(kT0 + ViewBuffer::kMaxAge));
  EXPECT_TRUE(views.due(kT0 - std::chrono::seconds(1)));  // the clock went back
  (void)views.take();
  for (std::size_t i = 0; i < ViewBuffer::kMaxPosts; ++i) views.add("p" + std::to_string(i), kT0);
  EXPECT_TRUE(views.due(kT0));
}

TEST(ViewBuffer, RestoredCountsAreNotLost) {
  ViewBuffer views;
  views.add("a", kT0);
  const auto taken = views.take();
  views.add("a", kT0 + std::chrono::seconds(1));
  views.restore(taken, kT0 + std::chrono::seconds(2));
  EXPECT_EQ(views.take(), (std::map<std::string, std::int64_t>{{"a", 2}}));
}

}  // namespace
}  // namespace soom::community
