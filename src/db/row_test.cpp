#include <gtest/gtest.h>

#include <limits>

#include "db/db.hpp"

namespace soom::db {
namespace {

Row row(std::vector<std::optional<std::string>> cells) { return Row(std::move(cells)); }

TEST(Row, ParsesIntegers) {
  const auto r = row({"9223372036854775807", "-9223372036854775808", "0"});
  EXPECT_EQ(r.get_int(0), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(r.get_int(1), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(r.opt_int(2), 0);
}

TEST(Row, RejectsNonIntegers) {
  const auto r = row({"1.5", "", "12abc", "9223372036854775808"});
  for (std::size_t i = 0; i < r.size(); ++i) EXPECT_THROW(r.get_int(i), DbError) << i;
}

TEST(Row, ParsesDoublesIncludingPostgresSpecials) {
  const auto r = row({"0.1", "-2.5e-300", "Infinity", "-Infinity", "3"});
  EXPECT_EQ(r.get_double(0), 0.1);
  EXPECT_EQ(r.get_double(1), -2.5e-300);
  EXPECT_EQ(r.get_double(2), std::numeric_limits<double>::infinity());
  EXPECT_EQ(r.get_double(3), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(r.get_double(4), 3.0);
  EXPECT_THROW(row({"abc"}).get_double(0), DbError);
}

TEST(Row, ParsesBooleansFromBothEngines) {
  const auto r = row({"1", "0", "t", "f", "true", "false"});
  EXPECT_TRUE(r.get_bool(0));
  EXPECT_FALSE(r.get_bool(1));
  EXPECT_TRUE(r.get_bool(2));
  EXPECT_FALSE(r.get_bool(3));
  EXPECT_TRUE(r.get_bool(4));
  EXPECT_FALSE(r.get_bool(5));
  EXPECT_THROW(row({"yes"}).get_bool(0), DbError);
  EXPECT_THROW(row({"2"}).get_bool(0), DbError);
}

TEST(Row, NullHandling) {
  const auto r = row({std::nullopt});
  EXPECT_TRUE(r.is_null(0));
  EXPECT_EQ(r.opt_int(0), std::nullopt);
  EXPECT_EQ(r.opt_double(0), std::nullopt);
  EXPECT_EQ(r.opt_text(0), std::nullopt);
  EXPECT_EQ(r.opt_bool(0), std::nullopt);
  EXPECT_THROW(r.get_text(0), DbError);
  EXPECT_THROW(r.get_int(0), DbError);
}

TEST(Row, OutOfRangeColumnThrows) {
  EXPECT_THROW(row({"1"}).get_text(1), std::out_of_range);
}

TEST(Row, ConversionErrorDoesNotLeakTheValue) {
  try {
    row({"천식 일지 secret"}).get_int(0);
    FAIL() << "expected DbError";
  } catch (const DbError& e) {
    EXPECT_EQ(std::string(e.what()).find("secret"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace soom::db
