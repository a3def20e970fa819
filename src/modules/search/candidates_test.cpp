// The id windows of PostgreSQL's stage 1: bucket values that cover exactly the ids asked for
// (to the fine bucket), in few values.
#include "modules/search/candidates.hpp"

#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "modules/search/search_sql.hpp"

namespace soom::search::stage1 {
namespace {

std::set<std::int64_t> values(const std::string& literal) {
  EXPECT_EQ(literal.front(), '{');
  EXPECT_EQ(literal.back(), '}');
  std::set<std::int64_t> out;
  std::istringstream in(literal.substr(1, literal.size() - 2));
  for (std::string v; std::getline(in, v, ',');) out.insert(std::stoll(v));
  return out;
}

// What the index stores for a row (migration 0024: ARRAY[G + id / 256, -1 - G - id / 4096]).
bool covered(const std::set<std::int64_t>& window, std::int64_t generation, std::int64_t id) {
  const std::int64_t base = generation * sql::kGenerationStride;
  return window.contains(base + id / sql::kFineBucket) || window.contains(-1 - base - id / sql::kCoarseBucket);
}

TEST(IdWindow, CoversEveryIdOfTheRangeAndNothingBeforeItsFineBucket) {
  for (const auto& [from, to] : {std::pair<std::int64_t, std::int64_t>{0, 100}, {1, 4095}, {300, 5000}, {4096, 8191},
                                  {97'788, 108'380}, {53'504, 100'188}, {12'345, 12'345}}) {
    const auto window = values(id_window(2, from, to));
    for (std::int64_t id = std::max<std::int64_t>(0, from - 600); id <= to + 300; ++id) {
      const bool inside = id >= from / sql::kFineBucket * sql::kFineBucket && id <= to;
      const bool before = id < from / sql::kFineBucket * sql::kFineBucket;
      if (inside || before) {
        EXPECT_EQ(covered(window, 2, id), inside) << from << ".." << to << ": " << id;
      }
      // Rows of the other generations never match (a reindex writes one while the other serves).
      EXPECT_FALSE(covered(window, 1, id) || covered(window, 3, id)) << id;
    }
  }
}

// The SQL expression (the migrations' index text) and the constants id_window() computes with
// must describe the same buckets.
TEST(IdWindow, TheIndexExpressionUsesTheSameBuckets) {
  const std::string g = "generation * " + std::to_string(sql::kGenerationStride);
  EXPECT_EQ(std::string(sql::kIdBuckets), "ARRAY[" + g + " + id / " + std::to_string(sql::kFineBucket) + ", -1 - " + g +
                                              " - id / " + std::to_string(sql::kCoarseBucket) + "]");
}

TEST(IdWindow, UsesWholeCoarseBucketsAfterTheFirstBoundary) {
  // 97,788 is in fine bucket 381; fine buckets 381–383 reach the coarse boundary at 98,304
  // (coarse 24), then coarse 24–26 cover up to 110,591.
  EXPECT_EQ(id_window(0, 97'788, 108'380), "{381,382,383,-25,-26,-27}");
  EXPECT_EQ(id_window(0, 0, 5000), "{-1,-2}");
  EXPECT_EQ(id_window(0, -10, 10), "{-1}");
  // A window inside one coarse bucket stays fine-grained.
  EXPECT_EQ(id_window(0, 4096 + 300, 4096 + 600), "{17,18}");
  // Generation 1: the same buckets, 2^40 further out.
  EXPECT_EQ(id_window(1, 4096 + 300, 4096 + 600), "{1099511627793,1099511627794}");
  EXPECT_EQ(id_window(1, 0, 10), "{-1099511627777}");
}

}  // namespace
}  // namespace soom::search::stage1
