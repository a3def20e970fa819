#include "http/json_writer.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>
#include <string>

namespace soom::http {
namespace {

TEST(JsonWriter, WritesNestedObjectsWithEveryValueKind) {
  JsonWriter w;
  w.begin_object()
      .field("id", "u1")
      .field("age", 37)
      .field("big", std::numeric_limits<std::int64_t>::min())
      .field("ok", true)
      .field("no", false)
      .field("height", std::optional<int>())
      .field("sex", std::optional<std::string>("female"))
      .key("inner")
      .begin_object()
      .field("x", 1)
      .end_object()
      .key("empty")
      .begin_object()
      .end_object()
      .key("nothing")
      .null()
      .end_object();
  EXPECT_EQ(w.take(),
            R"({"id":"u1","age":37,"big":-9223372036854775808,"ok":true,"no":false,"height":null,)"
            R"("sex":"female","inner":{"x":1},"empty":{},"nothing":null})");
}

// Same text as boost::json::serialize for every ASCII byte, quotes, backslashes and UTF-8.
TEST(JsonWriter, EscapesExactlyLikeBoostJson) {
  std::string every_ascii;
  for (int c = 0; c < 0x80; ++c) every_ascii += static_cast<char>(c);
  for (const std::string& text : {every_ascii, std::string(R"(say "hi" \ bye)"), std::string("천식 흡입기 😷"),
                                  std::string("<script>alert(1)</script>"), std::string()}) {
    JsonWriter w;
    w.begin_object().field("key", text).end_object();
    EXPECT_EQ(w.take(), boost::json::serialize(boost::json::object{{"key", text}})) << text;
  }
}

TEST(JsonWriter, MisuseIsABug) {
  EXPECT_THROW(JsonWriter().key("x"), std::logic_error);
  EXPECT_THROW(JsonWriter().end_object(), std::logic_error);
  EXPECT_THROW(JsonWriter().begin_object().value(1), std::logic_error);
  EXPECT_THROW(JsonWriter().begin_object().take(), std::logic_error);
  EXPECT_THROW(JsonWriter().begin_object().key("a").take(), std::logic_error);
  EXPECT_THROW(JsonWriter().begin_object().key("a").key("b"), std::logic_error);
  EXPECT_THROW(JsonWriter().value(1).value(2), std::logic_error);
  JsonWriter deep;
  EXPECT_THROW(
      {
        for (int i = 0; i < 17; ++i) {
          if (i > 0) deep.key("n");
          deep.begin_object();
        }
      },
      std::logic_error);
}

TEST(JsonWriter, TakeLeavesAnEmptyWriter) {
  JsonWriter w;
  w.value("first");
  EXPECT_EQ(w.take(), R"("first")");
  w.value(2);
  EXPECT_EQ(w.take(), "2");
}

}  // namespace
}  // namespace soom::http
