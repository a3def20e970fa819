#include "modules/community/image_codec.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>

namespace soom::community {
namespace {

// A gradient so that lossy codecs have real content to work on.
std::string gradient_rgb(int width, int height) {
  std::string rgb;
  rgb.reserve(static_cast<std::size_t>(width * height * 3));
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      rgb.push_back(static_cast<char>(x * 255 / width));
      rgb.push_back(static_cast<char>(y * 255 / height));
      rgb.push_back(static_cast<char>(128));
    }
  }
  return rgb;
}

std::string encoded(ImageFormat format, int width = 40, int height = 30) {
  auto bytes = encode_rgb(format, gradient_rgb(width, height), width, height);
  EXPECT_TRUE(bytes.ok());
  return bytes.ok() ? bytes.value() : std::string();
}

// An APP1 segment with `payload`, inserted right after SOI as cameras do.
std::string with_app1(const std::string& jpeg, const std::string& payload) {
  const auto length = static_cast<unsigned>(payload.size() + 2);
  std::string segment = "\xFF\xE1";
  segment.push_back(static_cast<char>(length >> 8));
  segment.push_back(static_cast<char>(length & 0xFF));
  segment += payload;
  return jpeg.substr(0, 2) + segment + jpeg.substr(2);
}

// An Exif segment with a GPS-looking payload.
std::string with_exif(const std::string& jpeg) {
  return with_app1(jpeg, std::string("Exif\0\0", 6) + "MM GPSLatitude 37.5665 GPSLongitude 126.9780");
}

// A real Exif segment (big-endian TIFF, one IFD entry) holding only an Orientation.
std::string with_orientation(const std::string& jpeg, int orientation) {
  const std::string tiff = std::string("MM\0\x2a\0\0\0\x08", 8) + std::string("\0\x01", 2) +
                           std::string("\x01\x12\0\x03\0\0\0\x01\0", 9) + static_cast<char>(orientation) +
                           std::string("\0\0", 2) + std::string("\0\0\0\0", 4);
  return with_app1(jpeg, std::string("Exif\0\0", 6) + tiff);
}

const ImageLimits kLimits{};

TEST(ImageCodecTest, SniffsFormatsByMagicBytes) {
  EXPECT_EQ(sniff_image_format(encoded(ImageFormat::kJpeg)), ImageFormat::kJpeg);
  EXPECT_EQ(sniff_image_format(encoded(ImageFormat::kPng)), ImageFormat::kPng);
  EXPECT_EQ(sniff_image_format(encoded(ImageFormat::kWebp)), ImageFormat::kWebp);
  EXPECT_EQ(sniff_image_format("GIF89a......"), std::nullopt);
  EXPECT_EQ(sniff_image_format(""), std::nullopt);
  EXPECT_EQ(sniff_image_format("RIFF\x10\0\0\0WAVE"), std::nullopt);
}

TEST(ImageCodecTest, MapsContentTypes) {
  EXPECT_EQ(image_format_from_content_type("image/jpeg"), ImageFormat::kJpeg);
  EXPECT_EQ(image_format_from_content_type("Image/PNG; charset=binary"), ImageFormat::kPng);
  EXPECT_EQ(image_format_from_content_type("image/webp"), ImageFormat::kWebp);
  EXPECT_EQ(image_format_from_content_type("image/gif"), std::nullopt);
  EXPECT_EQ(image_content_type(ImageFormat::kWebp), "image/webp");
}

TEST(ImageCodecTest, ReadsDimensionsFromHeaders) {
  for (const auto format : {ImageFormat::kJpeg, ImageFormat::kPng, ImageFormat::kWebp}) {
    const auto header = read_image_header(encoded(format, 64, 48), format);
    ASSERT_TRUE(header.ok());
    EXPECT_EQ(header.value().width, 64);
    EXPECT_EQ(header.value().height, 48);
  }
}

TEST(ImageCodecTest, DimensionLimits) {
  EXPECT_TRUE(check_image_dimensions({ImageFormat::kPng, 8000, 5000}, kLimits).ok());
  EXPECT_FALSE(check_image_dimensions({ImageFormat::kPng, 8001, 10}, kLimits).ok());
  EXPECT_FALSE(check_image_dimensions({ImageFormat::kPng, 10, 8001}, kLimits).ok());
  EXPECT_FALSE(check_image_dimensions({ImageFormat::kPng, 8000, 6000}, kLimits).ok());  // 48 MP
  EXPECT_FALSE(check_image_dimensions({ImageFormat::kPng, 0, 10}, kLimits).ok());
}

TEST(ImageCodecTest, HugeClaimedDimensionsAreRefusedBeforeDecoding) {
  // A tiny JPEG whose SOF0 claims 60000×60000: decoding it would allocate ~10 GB.
  std::string bomb = encoded(ImageFormat::kJpeg, 16, 16);
  const auto sof = bomb.find("\xFF\xC0");
  ASSERT_NE(sof, std::string::npos);
  bomb[sof + 5] = static_cast<char>(0xEA);  // height 0xEA60 = 60000
  bomb[sof + 6] = static_cast<char>(0x60);
  bomb[sof + 7] = static_cast<char>(0xEA);  // width
  bomb[sof + 8] = static_cast<char>(0x60);
  const auto header = read_image_header(bomb, ImageFormat::kJpeg);
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(header.value().width, 60000);
  const auto result = sanitize_image(bomb, "image/jpeg", kLimits);
  ASSERT_FALSE(result.ok());
  ASSERT_EQ(result.error().fields.size(), 1U);
  EXPECT_EQ(result.error().fields[0].code, "dimensions_too_large");
}

// A phone photo stored sideways with "turn 90° clockwise" comes out upright, and without EXIF.
TEST(ImageCodecTest, ReencodeTurnsPixelsByTheExifOrientation) {
  for (const auto& [orientation, width, height] : {std::tuple{1, 40, 30}, std::tuple{3, 40, 30},
                                                   std::tuple{6, 30, 40}, std::tuple{8, 30, 40}}) {
    const auto clean = sanitize_image(with_orientation(encoded(ImageFormat::kJpeg), orientation), "image/jpeg", kLimits);
    ASSERT_TRUE(clean.ok()) << orientation;
    EXPECT_EQ(clean.value().width, width) << orientation;
    EXPECT_EQ(clean.value().height, height) << orientation;
    EXPECT_EQ(clean.value().bytes.find("Exif"), std::string::npos);
    // Upright now: read again, nothing turns.
    const auto again = sanitize_image(clean.value().bytes, "image/jpeg", kLimits);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again.value().width, width);
  }
}

TEST(ImageCodecTest, ReencodeStripsExif) {
  const std::string original = with_exif(encoded(ImageFormat::kJpeg));
  ASSERT_NE(original.find("Exif"), std::string::npos);
  ASSERT_NE(original.find("GPSLatitude"), std::string::npos);
  const auto clean = sanitize_image(original, "image/jpeg", kLimits);
  ASSERT_TRUE(clean.ok()) << clean.error().internal_message;
  EXPECT_EQ(clean.value().bytes.find("Exif"), std::string::npos);
  EXPECT_EQ(clean.value().bytes.find("GPS"), std::string::npos);
  EXPECT_EQ(clean.value().width, 40);
  EXPECT_EQ(clean.value().height, 30);
  // The output is itself a valid JPEG.
  const auto again = sanitize_image(clean.value().bytes, "image/jpeg", kLimits);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.value().width, 40);
}

TEST(ImageCodecTest, PngAndWebpRoundTrip) {
  for (const auto& [format, type] : {std::pair{ImageFormat::kPng, "image/png"}, {ImageFormat::kWebp, "image/webp"}}) {
    const auto clean = sanitize_image(encoded(format, 33, 21), type, kLimits);
    ASSERT_TRUE(clean.ok()) << type;
    EXPECT_EQ(clean.value().format, format);
    EXPECT_EQ(clean.value().width, 33);
    EXPECT_EQ(clean.value().height, 21);
    EXPECT_EQ(sniff_image_format(clean.value().bytes), format);
    const auto header = read_image_header(clean.value().bytes, format);
    ASSERT_TRUE(header.ok());
    EXPECT_EQ(header.value().width, 33);
  }
}

// PNG chunk CRC (ISO 3309), so the inserted chunk is valid and libpng reads it.
std::uint32_t png_crc(std::string_view data) {
  std::uint32_t crc = 0xFFFFFFFFU;
  for (const char ch : data) {
    crc ^= static_cast<unsigned char>(ch);
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xEDB88320U & (0U - (crc & 1U)));
  }
  return crc ^ 0xFFFFFFFFU;
}

std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>((v >> 16) & 0xFF), static_cast<char>((v >> 8) & 0xFF),
          static_cast<char>(v & 0xFF)};
}

TEST(ImageCodecTest, PngTextChunksAreDropped) {
  std::string png = encoded(ImageFormat::kPng);
  const std::string body = std::string("tEXt") + std::string("GPS\0", 4) + "37.5665,126.9780";
  const std::string chunk = be32(static_cast<std::uint32_t>(body.size() - 4)) + body + be32(png_crc(body));
  png.insert(8 + 25, chunk);  // after the signature and IHDR
  ASSERT_NE(png.find("tEXt"), std::string::npos);
  const auto clean = sanitize_image(png, "image/png", kLimits);
  ASSERT_TRUE(clean.ok()) << clean.error().internal_message;
  EXPECT_EQ(clean.value().bytes.find("tEXt"), std::string::npos);
  EXPECT_EQ(clean.value().bytes.find("GPS"), std::string::npos);
  EXPECT_EQ(clean.value().width, 40);
}

TEST(ImageCodecTest, CorruptImagesAreErrors) {
  const std::string jpeg = encoded(ImageFormat::kJpeg);
  const auto truncated = sanitize_image(jpeg.substr(0, jpeg.size() / 2), "image/jpeg", kLimits);
  ASSERT_FALSE(truncated.ok());
  EXPECT_EQ(truncated.error().code, ErrorCode::kValidationFailed);

  const auto garbage = sanitize_image(std::string("\xFF\xD8\xFF", 3) + std::string(200, 'x'), "image/jpeg", kLimits);
  EXPECT_FALSE(garbage.ok());

  const std::string png = encoded(ImageFormat::kPng);
  EXPECT_FALSE(sanitize_image(png.substr(0, png.size() - 30), "image/png", kLimits).ok());
  const std::string webp = encoded(ImageFormat::kWebp);
  EXPECT_FALSE(sanitize_image(webp.substr(0, webp.size() / 2), "image/webp", kLimits).ok());
}

TEST(ImageCodecTest, TypeAndSizeChecks) {
  const std::string png = encoded(ImageFormat::kPng);
  const auto unsupported = sanitize_image(png, "image/gif", kLimits);
  ASSERT_FALSE(unsupported.ok());
  EXPECT_EQ(unsupported.error().code, ErrorCode::kUnsupportedMediaType);

  const auto mismatch = sanitize_image(png, "image/jpeg", kLimits);
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(mismatch.error().fields.at(0).code, "content_type_mismatch");

  ImageLimits small;
  small.max_bytes = png.size() - 1;
  const auto too_big = sanitize_image(png, "image/png", small);
  ASSERT_FALSE(too_big.ok());
  EXPECT_EQ(too_big.error().code, ErrorCode::kPayloadTooLarge);
}

}  // namespace
}  // namespace soom::community
