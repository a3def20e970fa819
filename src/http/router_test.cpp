#include "http/router.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace soom::http {
namespace {

Route route(Method method, std::string pattern, std::string body = "ok") {
  Route r;
  r.method = method;
  r.pattern = std::move(pattern);
  r.handler = [body](Request&) { return Response::text(200, body); };
  return r;
}

std::string run(const RouteLookup& lookup) {
  Request request;
  return lookup.match->route->handler(request).body;
}

TEST(Router, MatchesLiteralRootAndTrailingSlashStrictly) {
  Router router;
  router.add(route(Method::kGet, "/", "root"));
  router.add(route(Method::kGet, "/v1/health", "health"));
  EXPECT_EQ(run(router.find(Method::kGet, "/")), "root");
  EXPECT_EQ(run(router.find(Method::kGet, "/v1/health")), "health");
  EXPECT_FALSE(router.find(Method::kGet, "/v1/health/").path_exists());
  EXPECT_FALSE(router.find(Method::kGet, "/v1").path_exists());
  EXPECT_FALSE(router.find(Method::kGet, "v1/health").path_exists());
}

TEST(Router, BodyLimitIsTheMatchedRoutesOwnOrZero) {
  Router router;
  auto upload = route(Method::kPost, "/v1/images");
  upload.body_limit = 6 << 20;
  router.add(std::move(upload));
  router.add(route(Method::kGet, "/v1/images/{id:uuid}"));
  router.add(route(Method::kPost, "/v1/posts"));
  EXPECT_EQ(router.policy(Method::kPost, "/v1/images").body_limit, std::size_t{6} << 20);
  EXPECT_EQ(router.policy(Method::kPut, "/v1/images").body_limit, 0u);  // 405 later, default limit now
  EXPECT_EQ(router.policy(Method::kPost, "/v1/posts").body_limit, 0u);
  EXPECT_EQ(router.policy(Method::kGet, "/v1/images/0190b2a4-7c1d-7abc-8def-0123456789ab").body_limit, 0u);
  EXPECT_EQ(router.policy(Method::kPost, "/nowhere").body_limit, 0u);
}

TEST(Router, PolicySaysWhichRoutesRunInline) {
  Router router;
  auto health = route(Method::kGet, "/healthz");
  health.runs_inline = true;
  router.add(std::move(health));
  router.add(route(Method::kGet, "/v1/me"));
  EXPECT_TRUE(router.policy(Method::kGet, "/healthz").runs_inline);
  EXPECT_FALSE(router.policy(Method::kGet, "/v1/me").runs_inline);
  EXPECT_FALSE(router.policy(Method::kPost, "/healthz").runs_inline);  // 405 goes through the pool
  EXPECT_FALSE(router.policy(Method::kGet, "/nowhere").runs_inline);
}

TEST(Router, ShortReadsRunInlineOnlyWhenReadsAreInProcess) {
  for (const bool in_process : {false, true}) {
    Router router(in_process);
    auto me = route(Method::kGet, "/v1/me");
    me.auth = Auth::kRequired;
    me.short_read = true;
    router.add(std::move(me));
    router.add(route(Method::kPatch, "/v1/me"));
    EXPECT_EQ(router.policy(Method::kGet, "/v1/me").runs_inline, in_process);
    EXPECT_EQ(router.policy(Method::kHead, "/v1/me").runs_inline, in_process);
    EXPECT_FALSE(router.policy(Method::kPatch, "/v1/me").runs_inline);
  }
}

TEST(Router, InlineRouteWithAuthenticationIsABug) {
  Router router;
  auto me = route(Method::kGet, "/v1/me");
  me.auth = Auth::kRequired;  // authentication may read the database
  me.runs_inline = true;
  EXPECT_THROW(router.add(std::move(me)), std::invalid_argument);
}

TEST(Router, UuidParamsAreValidatedAndLowerCased) {
  Router router;
  router.add(route(Method::kGet, "/v1/records/{id:uuid}"));
  const auto hit = router.find(Method::kGet, "/v1/records/0190B2A4-7C1D-7ABC-8DEF-0123456789AB");
  ASSERT_TRUE(hit.match);
  EXPECT_EQ(hit.match->params.at("id"), "0190b2a4-7c1d-7abc-8def-0123456789ab");
  EXPECT_FALSE(router.find(Method::kGet, "/v1/records/not-a-uuid").path_exists());
  EXPECT_FALSE(router.find(Method::kGet, "/v1/records/0190b2a4-7c1d-7abc-8def-0123456789a").path_exists());
  EXPECT_FALSE(router.find(Method::kGet, "/v1/records/0190b2a4x7c1d-7abc-8def-0123456789ab").path_exists());
}

TEST(Router, IntParamsAcceptUpToEighteenDigits) {
  Router router;
  router.add(route(Method::kGet, "/v1/things/{n:int}"));
  EXPECT_EQ(router.find(Method::kGet, "/v1/things/42").match->params.at("n"), "42");
  EXPECT_TRUE(router.find(Method::kGet, "/v1/things/123456789012345678").match);
  EXPECT_FALSE(router.find(Method::kGet, "/v1/things/1234567890123456789").path_exists());
  EXPECT_FALSE(router.find(Method::kGet, "/v1/things/-1").path_exists());
  EXPECT_FALSE(router.find(Method::kGet, "/v1/things/1a").path_exists());
}

TEST(Router, DateAndMonthParamsMustBeRealCalendarValues) {
  Router router;
  router.add(route(Method::kGet, "/v1/calendar/day/{day:date}"));
  router.add(route(Method::kGet, "/v1/calendar/month/{month:month}"));
  EXPECT_EQ(router.find(Method::kGet, "/v1/calendar/day/2024-02-29").match->params.at("day"), "2024-02-29");
  EXPECT_FALSE(router.find(Method::kGet, "/v1/calendar/day/2023-02-29").path_exists());
  EXPECT_FALSE(router.find(Method::kGet, "/v1/calendar/day/2024-13-01").path_exists());
  EXPECT_FALSE(router.find(Method::kGet, "/v1/calendar/day/2024-1-01").path_exists());
  EXPECT_EQ(router.find(Method::kGet, "/v1/calendar/month/2024-12").match->params.at("month"), "2024-12");
  EXPECT_FALSE(router.find(Method::kGet, "/v1/calendar/month/2024-00").path_exists());
  EXPECT_FALSE(router.find(Method::kGet, "/v1/calendar/month/2024-12-01").path_exists());
}

TEST(Router, LiteralSegmentsWinOverParameters) {
  Router router;
  router.add(route(Method::kGet, "/v1/me/{x}", "param"));
  router.add(route(Method::kPut, "/v1/me/password", "literal"));
  router.add(route(Method::kGet, "/v1/items/{any}", "untyped"));
  router.add(route(Method::kGet, "/v1/items/{n:int}", "typed"));

  const auto literal = router.find(Method::kPut, "/v1/me/password");
  EXPECT_EQ(run(literal), "literal");
  EXPECT_EQ(run(router.find(Method::kGet, "/v1/me/profile")), "param");
  // The literal path owns "/v1/me/password": GET there is 405, not the param route.
  const auto wrong = router.find(Method::kGet, "/v1/me/password");
  EXPECT_FALSE(wrong.match);
  EXPECT_EQ(wrong.allowed, (std::vector<Method>{Method::kPut, Method::kOptions}));

  EXPECT_EQ(run(router.find(Method::kGet, "/v1/items/7")), "typed");
  EXPECT_EQ(run(router.find(Method::kGet, "/v1/items/seven")), "untyped");
}

// Shapes are filed by their second segment when it is a literal; one whose second segment
// is a parameter must still compete with them (and lose to a literal).
TEST(Router, ParameterInTheSecondSegmentCompetesWithFiledShapes) {
  Router router;
  router.add(route(Method::kGet, "/files/{name}", "param"));
  router.add(route(Method::kGet, "/files/special", "literal"));
  router.add(route(Method::kGet, "/{section}/special", "both"));
  router.add(route(Method::kGet, "/healthz", "short"));
  EXPECT_EQ(run(router.find(Method::kGet, "/files/special")), "literal");
  EXPECT_EQ(run(router.find(Method::kGet, "/files/other")), "param");
  EXPECT_EQ(run(router.find(Method::kGet, "/docs/special")), "both");
  EXPECT_EQ(run(router.find(Method::kGet, "/healthz")), "short");
  EXPECT_FALSE(router.find(Method::kGet, "/docs/other").path_exists());
}

TEST(Router, LongPathsMatchAndNeverCrash) {
  Router router;
  router.add(route(Method::kGet, "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o", "deep"));
  EXPECT_EQ(run(router.find(Method::kGet, "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o")), "deep");
  EXPECT_FALSE(router.find(Method::kGet, "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/x").path_exists());
  EXPECT_FALSE(router.find(Method::kGet, "/" + std::string(5000, 'a') + std::string(2000, '/')).path_exists());
  EXPECT_EQ(router.policy(Method::kGet, "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o").body_limit, 0u);
}

TEST(Router, CustomMethodSuffixIsALiteral) {
  Router router;
  router.add(route(Method::kPost, "/v1/records:batch", "batch"));
  router.add(route(Method::kGet, "/v1/records", "list"));
  EXPECT_EQ(run(router.find(Method::kPost, "/v1/records:batch")), "batch");
  EXPECT_EQ(run(router.find(Method::kGet, "/v1/records")), "list");
  EXPECT_FALSE(router.find(Method::kPost, "/v1/records:other").path_exists());
}

TEST(Router, AllowedListsAllMethodsOfThePathWithHeadAndOptions) {
  Router router;
  router.add(route(Method::kDelete, "/v1/records/{id:uuid}"));
  router.add(route(Method::kGet, "/v1/records/{rid:uuid}", "get"));
  router.add(route(Method::kPatch, "/v1/records/{id:uuid}"));
  const auto lookup = router.find(Method::kPost, "/v1/records/0190b2a4-7c1d-7abc-8def-0123456789ab");
  EXPECT_FALSE(lookup.match);
  EXPECT_TRUE(lookup.path_exists());
  EXPECT_EQ(lookup.allowed, (std::vector<Method>{Method::kGet, Method::kHead, Method::kPatch, Method::kDelete,
                                                 Method::kOptions}));
  // HEAD is served by the GET route, with that route's parameter names.
  const auto head = router.find(Method::kHead, "/v1/records/0190b2a4-7c1d-7abc-8def-0123456789ab");
  ASSERT_TRUE(head.match);
  EXPECT_EQ(head.match->route->method, Method::kGet);
  EXPECT_EQ(head.match->params.count("rid"), 1u);
}

TEST(Router, RejectsMalformedPatterns) {
  for (const char* bad : {"", "v1/x", "/v1//x", "/v1/{", "/v1/{}", "/v1/{id", "/v1/x{id}", "/v1/{id}x",
                          "/v1/{id:float}", "/v1/{id:}", "/v1/{1d}", "/v1/{a}/{a}", "/v1/a b", "/v1/a}",
                          "/v1/%20"}) {
    Router router;
    EXPECT_THROW(router.add(route(Method::kGet, bad)), std::invalid_argument) << bad;
  }
  Router router;
  Route no_handler;
  no_handler.pattern = "/x";
  EXPECT_THROW(router.add(no_handler), std::invalid_argument);
}

TEST(Router, RejectsDuplicatesEvenWithDifferentParameterNames) {
  Router router;
  router.add(route(Method::kGet, "/v1/x/{a}"));
  EXPECT_THROW(router.add(route(Method::kGet, "/v1/x/{b}")), std::invalid_argument);
  EXPECT_NO_THROW(router.add(route(Method::kPost, "/v1/x/{b}")));
  EXPECT_NO_THROW(router.add(route(Method::kGet, "/v1/x/{n:int}")));
  EXPECT_EQ(router.routes().size(), 3u);
}

TEST(Router, EachMethodOfOnePathKeepsItsOwnParameterNames) {
  Router router;
  router.add(route(Method::kGet, "/v1/x/{a}", "get"));
  router.add(route(Method::kPost, "/v1/x/{b}", "post"));
  router.add(route(Method::kGet, "/v1/x/{n:int}/y", "deeper"));
  const auto get = router.find(Method::kGet, "/v1/x/abc");
  ASSERT_TRUE(get.match);
  EXPECT_EQ(run(get), "get");
  EXPECT_EQ(get.match->params.at("a"), "abc");
  EXPECT_EQ(get.match->params.count("b"), 0u);
  const auto post = router.find(Method::kPost, "/v1/x/abc");
  ASSERT_TRUE(post.match);
  EXPECT_EQ(run(post), "post");
  EXPECT_EQ(post.match->params.at("b"), "abc");
  // Only paths of the same length are compared: neither /v1/x nor /v1/x/1/y/z exists.
  EXPECT_FALSE(router.find(Method::kGet, "/v1/x").path_exists());
  EXPECT_FALSE(router.find(Method::kGet, "/v1/x/1/y/z").path_exists());
  const auto deeper = router.find(Method::kGet, "/v1/x/42/y");
  ASSERT_TRUE(deeper.match);
  EXPECT_EQ(deeper.match->params.at("n"), "42");
}

}  // namespace
}  // namespace soom::http
