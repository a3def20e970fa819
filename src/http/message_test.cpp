#include "http/message.hpp"

#include <gtest/gtest.h>

namespace soom::http {
namespace {

TEST(Headers, LookupIsCaseInsensitiveAndNamesAreStoredLowerCase) {
  Headers h;
  h.set("Content-Type", "text/html");
  EXPECT_EQ(h.get("content-type"), "text/html");
  EXPECT_EQ(h.get("CONTENT-TYPE"), "text/html");
  EXPECT_EQ(h.all().front().first, "content-type");
  EXPECT_FALSE(h.has("x-missing"));
}

TEST(Headers, SetReplacesEveryValueAddKeepsBoth) {
  Headers h;
  h.add("Vary", "Origin");
  h.add("vary", "Accept");
  EXPECT_EQ(h.all().size(), 2u);
  EXPECT_EQ(h.get("VARY"), "Origin");
  h.set("Vary", "Cookie");
  ASSERT_EQ(h.all().size(), 1u);
  EXPECT_EQ(h.get("vary"), "Cookie");
}

TEST(Method, ParsesKnownMethodsCaseSensitively) {
  EXPECT_EQ(parse_method("GET"), Method::kGet);
  EXPECT_EQ(parse_method("PATCH"), Method::kPatch);
  EXPECT_EQ(parse_method("OPTIONS"), Method::kOptions);
  EXPECT_EQ(parse_method("get"), Method::kOther);
  EXPECT_EQ(parse_method("BREW"), Method::kOther);
  for (Method m : {Method::kGet, Method::kHead, Method::kPost, Method::kPut, Method::kPatch, Method::kDelete,
                   Method::kOptions}) {
    EXPECT_EQ(parse_method(to_string(m)), m);
  }
}

TEST(Request, QueryParamReturnsFirstValueOrNothing) {
  Request r;
  r.query.emplace("tag", "a");
  r.query.emplace("tag", "b");
  EXPECT_EQ(r.query_param("tag"), "a");
  EXPECT_EQ(r.query_param("missing"), std::nullopt);
}

TEST(Response, HelpersSetStatusAndContentType) {
  const Response j = Response::json(201, R"({"a":1})");
  EXPECT_EQ(j.status, 201);
  EXPECT_EQ(j.headers.get("content-type"), "application/json");
  EXPECT_EQ(j.body, R"({"a":1})");
  const Response t = Response::text(200, "hi");
  EXPECT_EQ(t.headers.get("content-type"), "text/plain; charset=utf-8");
  const Response n = Response::no_content();
  EXPECT_EQ(n.status, 204);
  EXPECT_TRUE(n.body.empty());
}

}  // namespace
}  // namespace soom::http
