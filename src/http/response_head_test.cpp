#include "http/response_head.hpp"

#include <gtest/gtest.h>

#include <string>

namespace soom::http {
namespace {

constexpr std::string_view kDate = "Mon, 30 Nov 2026 11:00:00 GMT";

std::string head_of(const Response& response, HeadOptions options = {}) {
  return response_head(response, options, kDate);
}

TEST(ResponseHead, WritesStatusLineFieldsAndLength) {
  Response r = Response::json(200, R"({"ok":true})");
  r.headers.set("x-request-id", "abc");
  r.headers.set("etag", "\"v1\"");
  EXPECT_EQ(head_of(r),
            "HTTP/1.1 200 OK\r\n"
            "Content-Type: application/json\r\n"
            "X-Request-Id: abc\r\n"
            "ETag: \"v1\"\r\n"
            "Server: soomcare\r\n"
            "Date: Mon, 30 Nov 2026 11:00:00 GMT\r\n"
            "Content-Length: 11\r\n"
            "\r\n");
  EXPECT_TRUE(sends_body(r, {}));
}

TEST(ResponseHead, TransportFieldsComeOnlyFromTheServer) {
  Response r = Response::text(200, "hello");
  r.headers.set("content-length", "999");
  r.headers.set("connection", "upgrade");
  r.headers.set("transfer-encoding", "chunked");
  r.headers.set("server", "other");
  r.headers.set("date", "yesterday");
  const std::string head = head_of(r);
  EXPECT_NE(head.find("Content-Length: 5\r\n"), std::string::npos) << head;
  EXPECT_EQ(head.find("999"), std::string::npos);
  EXPECT_EQ(head.find("upgrade"), std::string::npos);
  EXPECT_EQ(head.find("chunked"), std::string::npos);
  EXPECT_EQ(head.find("other"), std::string::npos);
  EXPECT_EQ(head.find("yesterday"), std::string::npos);
}

TEST(ResponseHead, HeadAnswersDeclareTheGetLengthWithoutABody) {
  Response r = Response::json(200, "");
  r.headers.set("content-length", "42");  // what the pipeline sets for HEAD
  const HeadOptions options{11, true, true, Framing::kContentLength};
  EXPECT_NE(head_of(r, options).find("Content-Length: 42\r\n"), std::string::npos);
  EXPECT_FALSE(sends_body(r, options));
}

TEST(ResponseHead, BodylessStatusesDeclareNoLength) {
  for (int status : {204, 304}) {
    Response r = Response::text(status, "ignored");
    const std::string head = head_of(r);
    EXPECT_EQ(head.find("Content-Length"), std::string::npos) << status;
    EXPECT_FALSE(sends_body(r, {})) << status;
  }
  EXPECT_EQ(head_of(Response::no_content()).substr(0, 25), "HTTP/1.1 204 No Content\r\n");
}

TEST(ResponseHead, ConnectionFieldFollowsTheProtocolVersion) {
  const Response r = Response::text(200, "x");
  EXPECT_EQ(head_of(r, {11, false, true, Framing::kContentLength}).find("Connection"), std::string::npos);
  EXPECT_NE(head_of(r, {11, false, false, Framing::kContentLength}).find("Connection: close\r\n"), std::string::npos);
  const std::string http10 = head_of(r, {10, false, true, Framing::kContentLength});
  EXPECT_EQ(http10.substr(0, 9), "HTTP/1.0 ");
  EXPECT_NE(http10.find("Connection: keep-alive\r\n"), std::string::npos);
  EXPECT_EQ(head_of(r, {10, false, false, Framing::kContentLength}).find("Connection"), std::string::npos);
}

TEST(ResponseHead, StreamsEndAtCloseWithoutALength) {
  Response r = Response::text(200, "", "text/event-stream");
  const HeadOptions options{11, false, true, Framing::kUntilClose};
  const std::string head = head_of(r, options);
  EXPECT_NE(head.find("Connection: close\r\n"), std::string::npos);
  EXPECT_EQ(head.find("Content-Length"), std::string::npos);
  EXPECT_TRUE(sends_body(r, options));
}

TEST(ResponseHead, DropsFieldsThatWouldSplitTheHead) {
  Response r = Response::text(200, "x");
  r.headers.set("location", "/v1/x\r\nSet-Cookie: stolen=1");
  r.headers.set("x-bad\nname", "v");
  r.headers.set(std::string_view("x-nul"), std::string("a\0b", 3));
  r.headers.set("x-fine", "ok");
  const std::string head = head_of(r);
  EXPECT_EQ(head.find("stolen"), std::string::npos) << head;
  EXPECT_EQ(head.find("X-Bad"), std::string::npos);
  EXPECT_EQ(head.find("X-Nul"), std::string::npos);
  EXPECT_NE(head.find("X-Fine: ok\r\n"), std::string::npos);
  EXPECT_EQ(head.find("\r\n\r\n"), head.size() - 4);  // one blank line, at the end
}

}  // namespace
}  // namespace soom::http
