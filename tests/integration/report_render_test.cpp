// Rendered reports on the real binary: the A4 PDF renders (poppler draws a non-blank first
// page and extracts the Korean headings), the four SVG charts are well-formed SVG with the
// right content type, an empty period still gives charts ("기록 없음"), and the routes need
// a token and the health-data consent.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <png.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/random.hpp"
#include "support/api_helpers.hpp"
#include "support/server_process.hpp"

namespace soom::testing {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

constexpr const char* kRecord = "/v1/records/{id:uuid}";
constexpr const char* kPdf = "/v1/reports.pdf";
constexpr const char* kPeriod = "?from=2026-10-05&to=2026-11-01";

json::object record(const std::string& type, const std::string& at, json::object detail) {
  json::object r{{"type", type}, {"occurred_at", at}, {"time_zone", "Asia/Seoul"}};
  r[type] = std::move(detail);
  return r;
}

// Runs a shell command; returns its stdout ("" and a test failure when it fails).
std::string run(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    ADD_FAILURE() << "cannot run " << command;
    return out;
  }
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  const int status = ::pclose(pipe);
  EXPECT_EQ(status, 0) << command;
  return out;
}

struct Raster final {
  int width = 0;
  int height = 0;
  std::set<std::uint32_t> colours;
  double dark_fraction = 0;  // pixels clearly darker than paper
};

// Decodes the PNG `pdftoppm -png` writes into RGB pixels (libpng's simplified API).
Raster read_png(const std::string& bytes) {
  Raster r;
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (png_image_begin_read_from_memory(&image, bytes.data(), bytes.size()) == 0) return {};
  image.format = PNG_FORMAT_RGB;
  std::string data(PNG_IMAGE_SIZE(image), '\0');
  if (png_image_finish_read(&image, nullptr, data.data(), 0, nullptr) == 0) {
    png_image_free(&image);
    return {};
  }
  r.width = static_cast<int>(image.width);
  r.height = static_cast<int>(image.height);
  const std::size_t pixels = static_cast<std::size_t>(r.width) * static_cast<std::size_t>(r.height);
  std::size_t dark = 0;
  for (std::size_t i = 0; i < pixels; ++i) {
    const auto red = static_cast<unsigned char>(data[3 * i]);
    const auto green = static_cast<unsigned char>(data[3 * i + 1]);
    const auto blue = static_cast<unsigned char>(data[3 * i + 2]);
    r.colours.insert((std::uint32_t{red} << 16) | (std::uint32_t{green} << 8) | blue);
    if (red + green + blue < 3 * 160) ++dark;
  }
  r.dark_fraction = static_cast<double>(dark) / static_cast<double>(pixels);
  return r;
}

std::string xml_root(const std::string& svg) {
  std::istringstream in(svg);
  boost::property_tree::ptree tree;
  try {
    boost::property_tree::read_xml(in, tree);
  } catch (const std::exception&) {
    return "";
  }
  for (const auto& [name, child] : tree) {
    if (name != "<xmlcomment>") return name;
  }
  return "";
}

class ReportRenderTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override { SOOM_REQUIRE_ENGINE(engine_under_test()); }
  static HttpClient api() { return server_->api(); }
  static void put(const TestUser& u, const json::object& body) {
    auto r = api().call("PUT", "/v1/records/" + new_uuid_v7(), json::serialize(body), u.access_token, kRecord);
    ASSERT_TRUE(r.status == 201 || r.status == 200) << r.body;
  }
  static void seed(const TestUser& u) {
    put(u, record("symptom", "2026-10-05T01:00:00Z", {{"severity", 2}, {"symptoms", {"cough"}}, {"triggers", {"fine_dust"}}}));
    put(u, record("intake", "2026-10-07T01:00:00Z",
                  {{"medication_name", "벤톨린 에보할러"}, {"category", "rescue"}, {"doses", 2}}));
    put(u, record("lung_function", "2026-10-08T01:00:00Z", {{"pef", 480}, {"device", "home_meter"}}));
    put(u, record("lung_function", "2026-10-09T01:00:00Z", {{"pef", 240}, {"device", "home_meter"}}));
    auto plan = api().call("PUT", "/v1/action-plan",
                           json::serialize(json::object{{"personal_best_pef", 500},
                                                        {"zones", {{"red", {{"take", "벤톨린 4회"}, {"do", "119"}}}}}}),
                           u.access_token, "/v1/action-plan");
    ASSERT_EQ(plan.status, 200) << plan.body;
  }

  static TestServer* server_;
};
TestServer* ReportRenderTest::server_ = nullptr;

TEST_F(ReportRenderTest, PdfRendersANonBlankPageWithKoreanHeadings) {
  const auto alice = create_user(api());
  seed(alice);
  const auto r = api().call("GET", std::string(kPdf) + kPeriod, {}, alice.access_token, kPdf);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/pdf");
  ASSERT_EQ(r.body.rfind("%PDF-", 0), 0u);
  const auto disposition = r.header("content-disposition");
  EXPECT_NE(disposition.find("attachment; filename=\"soomcare-report-2026-10-05_2026-11-01.pdf\""), std::string::npos);
  EXPECT_NE(disposition.find("filename*=UTF-8''%EC%88%A8%EC%BC%80%EC%96%B4"), std::string::npos) << disposition;  // 숨케어
  EXPECT_EQ(r.header("cache-control"), "no-store");

  const fs::path dir = fs::temp_directory_path() / ("soom-report-" + new_uuid_v7());
  fs::create_directories(dir);
  const auto pdf = dir / "report.pdf";
  std::ofstream(pdf, std::ios::binary) << r.body;

  // Page 1 at 50 dpi: an A4 page is 413 × 585 pixels; text and rules make it far from blank.
  run("pdftoppm -png -r 50 -f 1 -l 1 '" + pdf.string() + "' '" + (dir / "page").string() + "'");
  std::string png_path;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".png") png_path = e.path().string();
  }
  ASSERT_FALSE(png_path.empty());
  std::ifstream png_in(png_path, std::ios::binary);
  const std::string png((std::istreambuf_iterator<char>(png_in)), std::istreambuf_iterator<char>());
  ASSERT_EQ(png.rfind("\x89PNG", 0), 0u);
  const auto page = read_png(png);
  EXPECT_NEAR(page.width, 413, 2);
  EXPECT_NEAR(page.height, 585, 2);
  EXPECT_GT(page.colours.size(), 10u);  // anti-aliased text, blue headings: many shades
  EXPECT_GT(page.dark_fraction, 0.005);
  EXPECT_LT(page.dark_fraction, 0.5);

  const auto text = run("pdftotext -enc UTF-8 '" + pdf.string() + "' -");
  for (const char* heading : {"천식 진료 리포트", "주요 수치", "요약", "차트", "천식 행동 계획"}) {
    EXPECT_NE(text.find(heading), std::string::npos) << heading << "\n" << text;
  }
  EXPECT_NE(text.find(alice.nickname), std::string::npos);
  EXPECT_NE(text.find("2026-10-05 ~ 2026-11-01"), std::string::npos);
  EXPECT_NE(text.find("벤톨린 4회"), std::string::npos);  // the action plan's red-zone text
  EXPECT_NE(text.find("500 L/min"), std::string::npos);  // the personal best
  fs::remove_all(dir);
}

TEST_F(ReportRenderTest, ChartsAreSvgWithZonesAndNoDataMessage) {
  const auto alice = create_user(api());
  seed(alice);
  for (const std::string name : {"pef", "symptoms", "reliever", "adherence"}) {
    const std::string route = "/v1/reports/charts/" + name + ".svg";
    const auto r = api().call("GET", route + kPeriod, {}, alice.access_token, route);
    ASSERT_EQ(r.status, 200) << name << r.body;
    EXPECT_EQ(r.header("content-type"), "image/svg+xml") << name;
    EXPECT_EQ(xml_root(r.body), "svg") << name;
  }
  const auto pef = api().call("GET", std::string("/v1/reports/charts/pef.svg") + kPeriod, {}, alice.access_token);
  EXPECT_NE(pef.body.find("측정 2회, 초록 1 · 노랑 0 · 빨강 1"), std::string::npos) << pef.body.substr(0, 600);
  // A period without records: still a chart, saying so.
  const auto empty =
      api().call("GET", "/v1/reports/charts/symptoms.svg?from=2025-01-01&to=2025-01-31", {}, alice.access_token);
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_EQ(xml_root(empty.body), "svg");
  EXPECT_NE(empty.body.find("<desc>기록 없음</desc>"), std::string::npos);
}

TEST_F(ReportRenderTest, NeedTokenConsentAndAValidPeriod) {
  for (const std::string target : {"/v1/reports.pdf", "/v1/reports/charts/pef.svg"}) {
    EXPECT_EQ(api().call("GET", target, {}, {}, target).status, 401) << target;
  }
  const auto no_consent = create_user(api(), /*health_consent=*/false);
  EXPECT_EQ(api().call("GET", kPdf, {}, no_consent.access_token, kPdf).status, 403);
  const auto alice = create_user(api());
  auto bad = api().call("GET", "/v1/reports.pdf?from=2026-11-01&to=2026-10-01", {}, alice.access_token, kPdf);
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(api().call("GET", "/v1/reports/charts/pie.svg", {}, alice.access_token).status, 404);
}

}  // namespace
}  // namespace soom::testing
