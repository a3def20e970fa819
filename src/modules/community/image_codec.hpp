#pragma once
// Validates an uploaded image and re-encodes it from its decoded pixels. Re-encoding (rather
// than stripping known chunks) drops EXIF — including GPS location — XMP, ICC comments and any
// trailing payload by construction: only pixels survive.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace soom::community {

enum class ImageFormat { kJpeg, kPng, kWebp };

struct ImageLimits final {
  std::size_t max_bytes = 5 * 1024 * 1024;
  int max_width = 8000;
  int max_height = 8000;
  std::int64_t max_pixels = 40'000'000;
};

struct ImageHeader final {
  ImageFormat format = ImageFormat::kJpeg;
  int width = 0;
  int height = 0;
};

struct CleanImage final {
  ImageFormat format = ImageFormat::kJpeg;
  int width = 0;
  int height = 0;
  std::string bytes;  // re-encoded, metadata-free
};

// By magic bytes only; the client's Content-Type is never trusted for this.
std::optional<ImageFormat> sniff_image_format(std::string_view bytes);
std::optional<ImageFormat> image_format_from_content_type(std::string_view content_type);
std::string_view image_content_type(ImageFormat format);

// Reads only the header (no pixel decoding) so that limits are enforced before any large
// allocation: a 100-byte file can claim 60000×60000 pixels.
Result<ImageHeader> read_image_header(std::string_view bytes, ImageFormat format);
Status check_image_dimensions(const ImageHeader& header, const ImageLimits& limits);

// Size limit, declared type, sniffed type (must agree), header limits, decode, re-encode.
Result<CleanImage> sanitize_image(std::string_view bytes, std::string_view declared_content_type,
                                  const ImageLimits& limits);

// Encodes 8-bit RGB pixels (width × height × 3 bytes). Used by re-encoding and by tests that need
// real images without fixture files.
Result<std::string> encode_rgb(ImageFormat format, std::string_view rgb, int width, int height);

}  // namespace soom::community
