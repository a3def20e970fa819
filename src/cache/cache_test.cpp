// The behaviours every Cache must share, run against both implementations.
#include "cache/cache.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <thread>
#include <vector>

#include "cache/redis_test_server.hpp"
#include "core/random.hpp"

namespace soom::cache {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class CacheContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "memory") {
      clock_ = std::make_shared<ManualClock>(from_unix_ms(1'700'000'000'000));
      cache_ = make_memory_cache(clock_);
    } else {
      cache_ = make_redis_cache(testing::shared_test_redis_url());
    }
    // Keys are unique per test so a shared external server needs no flushing.
    namespace_ = "test:" + random_token(9) + ":";
  }

  bool is_memory() const { return clock_ != nullptr; }
  // Memory: move the manual clock. Redis: real time has to pass.
  void advance(milliseconds d) {
    if (clock_) {
      clock_->advance(d);
    } else {
      std::this_thread::sleep_for(d);
    }
  }
  std::string key(std::string_view name) const { return namespace_ + std::string(name); }

  std::shared_ptr<ManualClock> clock_;
  std::shared_ptr<Cache> cache_;
  std::string namespace_;
};

TEST_P(CacheContract, ReportsItsKindAndIsReachable) {
  EXPECT_EQ(cache_->kind(), GetParam());
  EXPECT_TRUE(cache_->ping());
}

TEST_P(CacheContract, SetGetOverwriteErase) {
  EXPECT_EQ(cache_->get(key("a")), std::nullopt);
  cache_->set(key("a"), "one", seconds(60));
  EXPECT_EQ(cache_->get(key("a")), "one");
  cache_->set(key("a"), "two", seconds(60));
  EXPECT_EQ(cache_->get(key("a")), "two");
  cache_->erase(key("a"));
  EXPECT_EQ(cache_->get(key("a")), std::nullopt);
  EXPECT_NO_THROW(cache_->erase(key("never-set")));
}

TEST_P(CacheContract, ValuesAreBinarySafe) {
  const std::string value("숨\0케어\r\n", 12);
  cache_->set(key("bin"), value, seconds(60));
  EXPECT_EQ(cache_->get(key("bin")), value);
  cache_->set(key("empty"), "", seconds(60));
  EXPECT_EQ(cache_->get(key("empty")), "");
}

TEST_P(CacheContract, EntriesExpireAfterTheirTtl) {
  cache_->set(key("short"), "v", milliseconds(200));
  cache_->set(key("long"), "v", seconds(60));
  EXPECT_EQ(cache_->get(key("short")), "v");
  advance(milliseconds(400));
  EXPECT_EQ(cache_->get(key("short")), std::nullopt);
  EXPECT_EQ(cache_->get(key("long")), "v");
}

TEST_P(CacheContract, SetReplacesTheTtl) {
  cache_->set(key("k"), "old", milliseconds(200));
  cache_->set(key("k"), "new", seconds(60));
  advance(milliseconds(400));
  EXPECT_EQ(cache_->get(key("k")), "new");
}

TEST_P(CacheContract, RejectsNonPositiveTtl) {
  EXPECT_THROW(cache_->set(key("k"), "v", milliseconds(0)), std::invalid_argument);
  EXPECT_THROW(cache_->increment(key("k"), milliseconds(-1)), std::invalid_argument);
}

TEST_P(CacheContract, FirstIncrementStartsAFixedWindow) {
  const auto first = cache_->increment(key("hits"), milliseconds(300));
  EXPECT_EQ(first.count, 1);
  EXPECT_GT(first.remaining, milliseconds(0));
  EXPECT_LE(first.remaining, milliseconds(300));

  advance(milliseconds(100));
  const auto second = cache_->increment(key("hits"), milliseconds(300));
  EXPECT_EQ(second.count, 2);
  // Later increments do not extend the window.
  EXPECT_LE(second.remaining, milliseconds(200));
  if (is_memory()) {
    EXPECT_EQ(second.remaining, milliseconds(200));
  }

  advance(milliseconds(350));
  const auto fresh = cache_->increment(key("hits"), milliseconds(300));
  EXPECT_EQ(fresh.count, 1);
  EXPECT_GT(fresh.remaining, milliseconds(200));
}

TEST_P(CacheContract, CountersAreIndependentPerKeyAndErasable) {
  cache_->increment(key("a"), seconds(60));
  cache_->increment(key("a"), seconds(60));
  EXPECT_EQ(cache_->increment(key("b"), seconds(60)).count, 1);
  EXPECT_EQ(cache_->get(key("a")), "2");
  cache_->erase(key("a"));
  EXPECT_EQ(cache_->increment(key("a"), seconds(60)).count, 1);
}

TEST_P(CacheContract, IncrementOfANonNumberFails) {
  cache_->set(key("text"), "abc", seconds(60));
  EXPECT_THROW(cache_->increment(key("text"), seconds(60)), std::runtime_error);
}

TEST_P(CacheContract, ConcurrentIncrementsAreAtomic) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 250;
  std::vector<std::vector<std::int64_t>> seen(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) seen[t].push_back(cache_->increment(key("shared"), seconds(60)).count);
    });
  }
  for (auto& thread : threads) thread.join();
  std::vector<std::int64_t> all;
  for (const auto& s : seen) all.insert(all.end(), s.begin(), s.end());
  std::sort(all.begin(), all.end());
  std::vector<std::int64_t> expected(kThreads * kPerThread);
  std::iota(expected.begin(), expected.end(), 1);
  EXPECT_EQ(all, expected);  // every count handed out exactly once
  EXPECT_EQ(cache_->get(key("shared")), std::to_string(kThreads * kPerThread));
}

INSTANTIATE_TEST_SUITE_P(Backends, CacheContract, ::testing::Values("memory", "redis"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace soom::cache
