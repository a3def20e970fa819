#include "modules/records/cursor.hpp"

#include <gtest/gtest.h>

#include "core/encoding.hpp"
#include "modules/records/etag.hpp"
#include "modules/records/merge_patch.hpp"

namespace soom::records {
namespace {

TEST(Cursor, ListCursorRoundTripsAndIsOpaque) {
  const ListPosition p{1'795'000'000'123, "0190a3b4-1c2d-7e8f-9a0b-1c2d3e4f5a6b"};
  const auto c = encode_list_cursor(p);
  EXPECT_EQ(c.find(p.id), std::string::npos);
  const auto back = decode_list_cursor(c);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->occurred_at_ms, p.occurred_at_ms);
  EXPECT_EQ(back->id, p.id);
}

TEST(Cursor, RejectsForeignAndBrokenCursors) {
  EXPECT_FALSE(decode_list_cursor(encode_sync_cursor(5)));  // a sync cursor is not a list cursor
  EXPECT_FALSE(decode_sync_cursor(encode_list_cursor({1, "0190a3b4-1c2d-7e8f-9a0b-1c2d3e4f5a6b"})));
  EXPECT_FALSE(decode_list_cursor("!!!"));
  EXPECT_FALSE(decode_list_cursor(base64url_encode("l1:12:not-a-uuid")));
  EXPECT_FALSE(decode_sync_cursor(base64url_encode("s1:-4")));
  EXPECT_FALSE(decode_sync_cursor(base64url_encode("s1:12x")));
  EXPECT_EQ(decode_sync_cursor(encode_sync_cursor(0)), 0);
  EXPECT_EQ(decode_sync_cursor(encode_sync_cursor(9'000'000'000)), 9'000'000'000);
}

TEST(MergePatch, Rfc7396Semantics) {
  const auto target = boost::json::parse(
      R"({"memo":"a","symptom":{"severity":1,"symptoms":["cough"],"triggers":["pollen"]},"time_zone":"Asia/Seoul"})");
  const auto patch = boost::json::parse(R"({"memo":null,"symptom":{"severity":3,"triggers":null,"symptoms":["wheeze"]}})");
  const auto merged = apply_merge_patch(target, patch);
  EXPECT_EQ(merged, boost::json::parse(R"({"symptom":{"severity":3,"symptoms":["wheeze"]},"time_zone":"Asia/Seoul"})"));
  // A non-object patch replaces the target wholesale; an object patch onto a scalar builds an object.
  EXPECT_EQ(apply_merge_patch(target, boost::json::value(5)), boost::json::value(5));
  EXPECT_EQ(apply_merge_patch(boost::json::value("x"), boost::json::parse(R"({"a":{"b":null,"c":1}})")),
            boost::json::parse(R"({"a":{"c":1}})"));
}

TEST(ETag, StrongWeakListsAndStar) {
  EXPECT_EQ(etag_of(3), "\"v3\"");
  EXPECT_EQ(parse_if_match("\"v3\"").version, 3);
  EXPECT_EQ(parse_if_match("W/\"v3\"").version, 3);
  EXPECT_EQ(parse_if_match(" \"v7\" , \"v8\"").version, 7);
  EXPECT_TRUE(parse_if_match("*").any);
  EXPECT_TRUE(parse_if_match("v3").malformed);
  EXPECT_TRUE(parse_if_match("\"3\"").malformed);
  EXPECT_TRUE(parse_if_match("\"v0\"").malformed);
}

}  // namespace
}  // namespace soom::records
