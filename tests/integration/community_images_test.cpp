// Post images over HTTP on the real binary: uploads are validated and re-encoded (EXIF/GPS
// gone), served with the right type and caching headers only to those who may see them,
// attached to at most one post of their uploader (≤ 4), and erased with their post.
// The images are built here byte by byte (PNG with stored deflate, a baseline JPEG and a
// lossless WebP of one colour), so the test shares no code with the server's codec.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <thread>

#include "support/api_helpers.hpp"
#include "support/server_process.hpp"

namespace soom::testing {
namespace {

namespace json = boost::json;

constexpr const char* kImages = "/v1/community/images";
constexpr const char* kImage = "/v1/community/images/{id:uuid}";
constexpr const char* kPosts = "/v1/community/posts";
constexpr const char* kPost = "/v1/community/posts/{id:uuid}";
constexpr const char* kReports = "/v1/community/reports";

// ---- Image bytes ----------------------------------------------------------------------

void put_be32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xFF));
}
void put_le16(std::string& out, std::uint32_t v) {
  out.push_back(static_cast<char>(v & 0xFF));
  out.push_back(static_cast<char>((v >> 8) & 0xFF));
}
void put_le32(std::string& out, std::uint32_t v) {
  put_le16(out, v & 0xFFFF);
  put_le16(out, v >> 16);
}

std::uint32_t crc32(std::string_view data) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (const char ch : data) {
    crc ^= static_cast<unsigned char>(ch);
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

void png_chunk(std::string& out, const std::string& type, const std::string& data) {
  put_be32(out, static_cast<std::uint32_t>(data.size()));
  out += type + data;
  put_be32(out, crc32(type + data));
}

// An RGB PNG whose pixels depend on `seed` (distinct seeds → distinct files), zlib "stored".
std::string make_png(int width, int height, int seed) {
  std::string raw;
  for (int y = 0; y < height; ++y) {
    raw.push_back('\0');  // filter: none
    for (int x = 0; x < width * 3; ++x) raw.push_back(static_cast<char>((x * 5 + y * 11 + seed * 37) % 256));
  }
  std::string z("\x78\x01", 2);
  for (std::size_t pos = 0; pos < raw.size(); pos += 65535) {
    const auto n = std::min<std::size_t>(65535, raw.size() - pos);
    z.push_back(pos + n == raw.size() ? '\x01' : '\x00');
    put_le16(z, static_cast<std::uint32_t>(n));
    put_le16(z, static_cast<std::uint32_t>(~n & 0xFFFF));
    z += raw.substr(pos, n);
  }
  std::uint32_t a = 1, b = 0;
  for (const char ch : raw) {
    a = (a + static_cast<unsigned char>(ch)) % 65521;
    b = (b + a) % 65521;
  }
  put_be32(z, (b << 16) | a);
  std::string ihdr;
  put_be32(ihdr, static_cast<std::uint32_t>(width));
  put_be32(ihdr, static_cast<std::uint32_t>(height));
  ihdr += std::string("\x08\x02\x00\x00\x00", 5);  // 8-bit RGB, no interlace
  std::string out("\x89PNG\r\n\x1A\n", 8);
  png_chunk(out, "IHDR", ihdr);
  png_chunk(out, "IDAT", z);
  png_chunk(out, "IEND", "");
  return out;
}

void jpeg_segment(std::string& out, unsigned char marker, const std::string& body) {
  out.push_back('\xFF');
  out.push_back(static_cast<char>(marker));
  out.push_back(static_cast<char>(((body.size() + 2) >> 8) & 0xFF));
  out.push_back(static_cast<char>((body.size() + 2) & 0xFF));
  out += body;
}

// A mid-grey baseline JPEG: one component, Huffman tables with one code each (DC diff 0,
// AC end-of-block), so every 8×8 block is the two bits "00". Size multiples of 8.
std::string make_jpeg(int width, int height) {
  std::string out("\xFF\xD8", 2);
  jpeg_segment(out, 0xDB, std::string(1, '\0') + std::string(64, '\x01'));
  std::string sof("\x08", 1);
  sof.push_back(static_cast<char>(height >> 8));
  sof.push_back(static_cast<char>(height & 0xFF));
  sof.push_back(static_cast<char>(width >> 8));
  sof.push_back(static_cast<char>(width & 0xFF));
  sof += std::string("\x01\x01\x11\x00", 4);
  jpeg_segment(out, 0xC0, sof);
  std::string counts(16, '\0');
  counts[0] = 1;
  jpeg_segment(out, 0xC4, std::string("\x00", 1) + counts + std::string("\x00", 1));  // DC: symbol 0
  jpeg_segment(out, 0xC4, std::string("\x10", 1) + counts + std::string("\x00", 1));  // AC: EOB
  jpeg_segment(out, 0xDA, std::string("\x01\x01\x00\x00\x3F\x00", 6));
  const int blocks = ((width + 7) / 8) * ((height + 7) / 8);
  const int bits = blocks * 2;
  std::string data(static_cast<std::size_t>((bits + 7) / 8), '\0');
  if (bits % 8 != 0) data.back() = static_cast<char>((1 << (8 - bits % 8)) - 1);  // pad with 1s
  out += data;
  out += std::string("\xFF\xD9", 2);
  return out;
}

// The JPEG with an APP1 Exif segment (GPS position included) right after SOI, as phones do.
std::string with_exif_gps(const std::string& jpeg) {
  std::string exif("Exif\0\0", 6);
  exif += std::string("MM\0\x2A\0\0\0\x08", 8);
  exif += "GPSInfo GPSLatitude=37.5665N GPSLongitude=126.9780E";
  std::string app1;
  jpeg_segment(app1, 0xE1, exif);
  return jpeg.substr(0, 2) + app1 + jpeg.substr(2);
}

struct BitWriter final {
  std::string out;
  std::uint32_t acc = 0;
  int used = 0;
  void put(std::uint32_t value, int bits) {  // LSB first (VP8L)
    for (int i = 0; i < bits; ++i) {
      acc |= ((value >> i) & 1u) << used;
      if (++used == 8) {
        out.push_back(static_cast<char>(acc));
        acc = 0;
        used = 0;
      }
    }
  }
  std::string done() {
    if (used > 0) out.push_back(static_cast<char>(acc));
    return out;
  }
};

// A one-colour lossless WebP: five single-symbol prefix codes, so pixels take no bits.
std::string make_webp(int width, int height, std::uint8_t r, std::uint8_t g, std::uint8_t b) {
  BitWriter w;
  w.put(0x2F, 8);
  w.put(static_cast<std::uint32_t>(width - 1), 14);
  w.put(static_cast<std::uint32_t>(height - 1), 14);
  w.put(0, 1);  // alpha unused
  w.put(0, 3);  // version
  w.put(0, 1);  // no transform
  w.put(0, 1);  // no colour cache
  w.put(0, 1);  // no meta prefix codes
  for (const std::uint32_t symbol : {std::uint32_t{g}, std::uint32_t{r}, std::uint32_t{b}, 255u}) {
    w.put(1, 1);  // simple code
    w.put(0, 1);  // one symbol
    w.put(1, 1);  // 8-bit symbol
    w.put(symbol, 8);
  }
  w.put(1, 1);  // distance code: simple, one 1-bit symbol 0
  w.put(0, 1);
  w.put(0, 1);
  w.put(0, 1);
  const std::string payload = w.done();
  std::string data = payload;
  if (data.size() % 2 != 0) data.push_back('\0');  // RIFF chunks are padded to even sizes
  std::string out("RIFF", 4);
  put_le32(out, static_cast<std::uint32_t>(4 + 8 + data.size()));
  out += "WEBPVP8L";
  put_le32(out, static_cast<std::uint32_t>(payload.size()));
  out += data;
  return out;
}

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

// ---- Fixture ----------------------------------------------------------------------------

class CommunityImagesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ServerProcess::Options options;
    options.env["SOOMCARE_COMMUNITY_AUTO_HIDE_REPORTS"] = "1";
    options.env["SOOMCARE_COMMUNITY_POSTS_PER_WINDOW"] = "100";
    options.env["SOOMCARE_COMMUNITY_IMAGES_PER_WINDOW"] = "200";
    options.env["SOOMCARE_COMMUNITY_MAX_UNATTACHED_IMAGES"] = "50";
    options.env["SOOMCARE_COMMUNITY_DUPLICATE_WINDOW_S"] = "0";
    server_ = new TestServer(options);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override { SOOM_REQUIRE_ENGINE(engine_under_test()); }
  static HttpClient api() { return server_->api(); }

  static HttpResponse upload(const TestUser& u, const std::string& bytes, const std::string& content_type) {
    HttpRequest r;
    r.method = "POST";
    r.target = kImages;
    r.body = bytes;
    if (!content_type.empty()) r.headers.emplace_back("Content-Type", content_type);
    r.headers.emplace_back("Authorization", "Bearer " + u.access_token);
    auto response = api().send(r);
    capture_example("POST", kImages, response);
    return response;
  }
  static std::string upload_id(const TestUser& u, const std::string& bytes, const std::string& content_type) {
    auto r = upload(u, bytes, content_type);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? std::string(r.json().at("id").as_string()) : std::string();
  }
  static HttpResponse fetch(const TestUser& u, const std::string& id,
                            std::vector<std::pair<std::string, std::string>> headers = {}) {
    return api().call("GET", std::string(kImages) + "/" + id, {}, u.access_token, kImage, std::move(headers));
  }
  static HttpResponse create_post(const TestUser& u, const json::array& image_ids) {
    json::object body{{"body", "사진과 함께 올리는 글 " + unique_suffix()}, {"category", "daily"}};
    body["image_ids"] = image_ids;
    return api().call("POST", kPosts, json::serialize(body), u.access_token, kPosts);
  }
  static HttpResponse get_post(const TestUser& u, const std::string& id) {
    return api().call("GET", std::string(kPosts) + "/" + id, {}, u.access_token, kPost);
  }
  static void expect_problem(const HttpResponse& r, int status, const std::string& code = {}) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << r.body;
    if (!code.empty() && r.header("content-type") == "application/problem+json") {
      EXPECT_EQ(r.json().at("code").as_string(), code) << r.body;
    }
  }
  static std::vector<std::string> image_ids_of(const json::value& post) {
    std::vector<std::string> out;
    for (const auto& i : post.at("images").as_array()) out.emplace_back(i.at("id").as_string());
    return out;
  }
  // The stored file of an image, by its ETag (the content address).
  static std::filesystem::path stored_file(const std::string& etag) {
    const auto key = etag.substr(1, etag.size() - 2);
    return std::filesystem::path(server_->process().var_dir()) / "images" / key.substr(0, 2) / key;
  }

  static TestServer* server_;
};
TestServer* CommunityImagesTest::server_ = nullptr;

TEST_F(CommunityImagesTest, JpegLosesItsExifGpsAndIsServedOnlyToWhoMaySeeIt) {
  const auto alice = create_user(api());
  const auto bob = create_user(api());
  const auto original = with_exif_gps(make_jpeg(32, 24));
  ASSERT_TRUE(contains(original, "Exif"));
  ASSERT_TRUE(contains(original, "GPS"));
  auto up = upload(alice, original, "image/jpeg");
  ASSERT_EQ(up.status, 201) << up.body;
  const auto image = up.json().as_object();
  const std::string id(image.at("id").as_string());
  EXPECT_EQ(image.at("content_type").as_string(), "image/jpeg");
  EXPECT_EQ(image.at("width").as_int64(), 32);
  EXPECT_EQ(image.at("height").as_int64(), 24);
  EXPECT_EQ(image.at("url").as_string(), "/v1/community/images/" + id);
  EXPECT_EQ(up.header("location"), "/v1/community/images/" + id);

  auto served = fetch(alice, id);
  ASSERT_EQ(served.status, 200);
  EXPECT_EQ(served.header("content-type"), "image/jpeg");
  EXPECT_EQ(served.body.substr(0, 3), std::string("\xFF\xD8\xFF", 3));
  EXPECT_FALSE(contains(served.body, "Exif"));
  EXPECT_FALSE(contains(served.body, "GPS"));
  EXPECT_EQ(static_cast<std::int64_t>(served.body.size()), image.at("bytes").as_int64());
  EXPECT_EQ(served.header("x-content-type-options"), "nosniff");
  EXPECT_EQ(served.header("cache-control").rfind("private, max-age=", 0), 0u) << served.header("cache-control");
  const auto etag = served.header("etag");
  ASSERT_EQ(etag.size(), 66u) << etag;
  EXPECT_TRUE(std::filesystem::exists(stored_file(etag)));
  auto again = fetch(alice, id, {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());

  // Not attached yet: only its uploader sees it.
  expect_problem(fetch(bob, id), 404, "NOT_FOUND");

  auto post = create_post(alice, json::array{json::value(id)});
  ASSERT_EQ(post.status, 201) << post.body;
  const std::string post_id(post.json().at("id").as_string());
  ASSERT_EQ(image_ids_of(post.json()), std::vector<std::string>{id});
  const auto post_json = post.json();
  const auto& listed = post_json.at("images").at(0).as_object();
  EXPECT_EQ(listed.at("url").as_string(), "/v1/community/images/" + id);
  EXPECT_EQ(listed.at("width").as_int64(), 32);
  EXPECT_EQ(fetch(bob, id).status, 200);
  auto detail = get_post(bob, post_id);
  ASSERT_EQ(detail.status, 200) << detail.body;
  EXPECT_EQ(image_ids_of(detail.json()), std::vector<std::string>{id});
  auto feed = api().call("GET", std::string(kPosts) + "?limit=50", {}, bob.access_token, kPosts);
  ASSERT_EQ(feed.status, 200);
  bool seen = false;
  const auto feed_json = feed.json();
  for (const auto& item : feed_json.at("items").as_array()) {
    if (item.at("id").as_string() == post_id) {
      seen = true;
      EXPECT_EQ(image_ids_of(item), std::vector<std::string>{id});
    } else {
      EXPECT_TRUE(item.at("images").is_array());
    }
  }
  EXPECT_TRUE(seen);
}

TEST_F(CommunityImagesTest, PngAndWebpUploadsAreReencodedInTheirOwnFormat) {
  const auto alice = create_user(api());
  auto png = upload(alice, make_png(20, 10, 1), "image/png");
  ASSERT_EQ(png.status, 201) << png.body;
  EXPECT_EQ(png.json().at("content_type").as_string(), "image/png");
  EXPECT_EQ(png.json().at("width").as_int64(), 20);
  auto png_bytes = fetch(alice, std::string(png.json().at("id").as_string()));
  ASSERT_EQ(png_bytes.status, 200);
  EXPECT_EQ(png_bytes.header("content-type"), "image/png");
  EXPECT_EQ(png_bytes.body.substr(0, 8), std::string("\x89PNG\r\n\x1A\n", 8));

  auto webp = upload(alice, make_webp(12, 9, 30, 160, 90), "image/webp");
  ASSERT_EQ(webp.status, 201) << webp.body;
  EXPECT_EQ(webp.json().at("content_type").as_string(), "image/webp");
  EXPECT_EQ(webp.json().at("width").as_int64(), 12);
  EXPECT_EQ(webp.json().at("height").as_int64(), 9);
  auto webp_bytes = fetch(alice, std::string(webp.json().at("id").as_string()));
  ASSERT_EQ(webp_bytes.status, 200);
  EXPECT_EQ(webp_bytes.header("content-type"), "image/webp");
  EXPECT_EQ(webp_bytes.body.substr(0, 4), "RIFF");
  EXPECT_EQ(webp_bytes.body.substr(8, 4), "WEBP");
}

TEST_F(CommunityImagesTest, WrongTypeCorruptAndOversizedUploadsAreRefused) {
  const auto alice = create_user(api());
  const auto png = make_png(16, 16, 2);
  expect_problem(upload(alice, png, "text/plain"), 415, "UNSUPPORTED_MEDIA_TYPE");
  expect_problem(upload(alice, png, ""), 415, "UNSUPPORTED_MEDIA_TYPE");
  expect_problem(upload(alice, make_jpeg(16, 16), "image/png"), 400, "VALIDATION_FAILED");  // declared ≠ sniffed
  expect_problem(upload(alice, png.substr(0, png.size() - 30), "image/png"), 400, "VALIDATION_FAILED");
  expect_problem(upload(alice, std::string(2000, 'x'), "image/jpeg"), 400, "VALIDATION_FAILED");
  // Just over 5 MiB: within the route's body limit, refused by the image rules.
  expect_problem(upload(alice, std::string(5 * 1024 * 1024 + 1, '\xFF'), "image/jpeg"), 413, "PAYLOAD_TOO_LARGE");
  {
    // Far over: refused from the head alone, before any of the body is sent.
    const int fd = connect_tcp(api().port());
    ASSERT_GE(fd, 0);
    ASSERT_TRUE(write_all(fd, "POST /v1/community/images HTTP/1.1\r\nHost: t\r\nContent-Type: image/jpeg\r\n"
                              "Authorization: Bearer " + alice.access_token +
                                  "\r\nExpect: 100-continue\r\nContent-Length: " + std::to_string(12 << 20) +
                                  "\r\n\r\n"));
    auto r = read_response(fd);
    ::close(fd);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 413);
    EXPECT_EQ(r->header("content-type"), "application/problem+json");
  }
  // The default limit still holds on other routes.
  json::object big{{"body", std::string(2 << 20, 'a')}, {"category", "daily"}};
  expect_problem(api().call("POST", kPosts, json::serialize(big), alice.access_token), 413, "PAYLOAD_TOO_LARGE");
  // Nothing was kept: a fresh upload still works and nothing else is listed for a post.
  EXPECT_EQ(upload(alice, png, "image/png").status, 201);
}

TEST_F(CommunityImagesTest, OnlyOwnUnattachedImagesCanBeAttachedAtMostFour) {
  const auto alice = create_user(api());
  const auto bob = create_user(api());
  const auto bobs = upload_id(bob, make_png(8, 8, 3), "image/png");
  // Bob's image is neither attachable nor visible for Alice.
  expect_problem(create_post(alice, json::array{json::value(bobs)}), 400, "VALIDATION_FAILED");
  expect_problem(fetch(alice, bobs), 404, "NOT_FOUND");
  std::vector<std::string> mine;
  for (int i = 0; i < 5; ++i) mine.push_back(upload_id(alice, make_png(8, 8, 10 + i), "image/png"));
  json::array five;
  for (const auto& id : mine) five.emplace_back(id);
  expect_problem(create_post(alice, five), 400, "VALIDATION_FAILED");
  expect_problem(create_post(alice, json::array{json::value(mine[0]), json::value(mine[0])}), 400,
                 "VALIDATION_FAILED");
  expect_problem(create_post(alice, json::array{json::value("not-a-uuid")}), 400, "VALIDATION_FAILED");
  // A refused post claimed nothing: Alice's mix with Bob's image leaves hers free.
  expect_problem(create_post(alice, json::array{json::value(mine[0]), json::value(bobs)}), 400, "VALIDATION_FAILED");
  auto ok = create_post(alice, json::array{json::value(mine[1]), json::value(mine[0])});
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(image_ids_of(ok.json()), (std::vector<std::string>{mine[1], mine[0]}));
  const std::string post_id(ok.json().at("id").as_string());
  // An image on one post cannot go on another.
  expect_problem(create_post(alice, json::array{json::value(mine[0])}), 400, "VALIDATION_FAILED");
  // Bob's image is still his to use.
  EXPECT_EQ(create_post(bob, json::array{json::value(bobs)}).status, 201);

  // Editing replaces the list; an image taken off is deleted.
  json::object edit{{"body", "사진을 바꿨어요"}, {"category", "daily"},
                    {"image_ids", json::array{json::value(mine[0]), json::value(mine[2])}}};
  auto edited = api().call("PUT", std::string(kPosts) + "/" + post_id, json::serialize(edit), alice.access_token, kPost);
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(image_ids_of(edited.json()), (std::vector<std::string>{mine[0], mine[2]}));
  expect_problem(fetch(alice, mine[1]), 404, "NOT_FOUND");
  // Without image_ids an edit keeps them.
  json::object text_only{{"body", "글만 고쳤어요"}, {"category", "daily"}};
  auto kept = api().call("PUT", std::string(kPosts) + "/" + post_id, json::serialize(text_only), alice.access_token, kPost);
  ASSERT_EQ(kept.status, 200) << kept.body;
  EXPECT_EQ(image_ids_of(kept.json()), (std::vector<std::string>{mine[0], mine[2]}));
}

TEST_F(CommunityImagesTest, HiddenPostsImagesAreHiddenAndDeletionErasesThem) {
  const auto alice = create_user(api());
  const auto bob = create_user(api());
  const auto carol = create_user(api());
  const auto hidden_image = upload_id(alice, make_png(9, 9, 20), "image/png");
  auto hidden_post = create_post(alice, json::array{json::value(hidden_image)});
  ASSERT_EQ(hidden_post.status, 201);
  const std::string hidden_id(hidden_post.json().at("id").as_string());
  ASSERT_EQ(fetch(bob, hidden_image).status, 200);
  auto report = api().call("POST", kReports, json::serialize(json::object{{"post_id", hidden_id}, {"reason", "spam"}}),
                           carol.access_token, kReports);
  ASSERT_EQ(report.status, 204) << report.body;  // one report hides it in this suite
  expect_problem(fetch(bob, hidden_image), 404, "NOT_FOUND");
  EXPECT_EQ(fetch(alice, hidden_image).status, 200);  // the author still sees her hidden post

  const auto image = upload_id(alice, make_png(9, 9, 21), "image/png");
  auto post = create_post(alice, json::array{json::value(image)});
  ASSERT_EQ(post.status, 201);
  const std::string post_id(post.json().at("id").as_string());
  auto served = fetch(bob, image);
  ASSERT_EQ(served.status, 200);
  const auto file = stored_file(served.header("etag"));
  ASSERT_TRUE(std::filesystem::exists(file));
  ASSERT_EQ(api().call("DELETE", std::string(kPosts) + "/" + post_id, {}, alice.access_token, kPost).status, 204);
  expect_problem(fetch(bob, image), 404, "NOT_FOUND");
  expect_problem(fetch(alice, image), 404, "NOT_FOUND");
  // The worker erases the file too (outbox consumer of community.post_deleted).
  for (int i = 0; i < 100 && std::filesystem::exists(file); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_FALSE(std::filesystem::exists(file));
}

TEST_F(CommunityImagesTest, AccountDeletionErasesEveryUploadOfTheUser) {
  const auto leaving = create_user(api());
  const auto bob = create_user(api());
  const auto attached = upload_id(leaving, make_png(7, 7, 30), "image/png");
  const auto loose = upload_id(leaving, make_png(7, 7, 31), "image/png");
  ASSERT_EQ(create_post(leaving, json::array{json::value(attached)}).status, 201);
  const auto files = std::vector<std::filesystem::path>{stored_file(fetch(leaving, attached).header("etag")),
                                                       stored_file(fetch(leaving, loose).header("etag"))};
  for (const auto& f : files) ASSERT_TRUE(std::filesystem::exists(f)) << f;
  ASSERT_EQ(fetch(bob, attached).status, 200);
  ASSERT_EQ(api().call("DELETE", "/v1/me", json::serialize(json::object{{"password", leaving.password}}),
                       leaving.access_token)
                .status,
            204);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  auto any_left = [&] {
    return std::any_of(files.begin(), files.end(), [](const auto& f) { return std::filesystem::exists(f); });
  };
  while (any_left() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_FALSE(any_left());
  // The post stays (anonymized), without its picture.
  expect_problem(fetch(bob, attached), 404, "NOT_FOUND");
}

}  // namespace
}  // namespace soom::testing
