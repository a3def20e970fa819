#include "modules/community/image_codec.hpp"

// libjpeg reports fatal errors through longjmp. Every setjmp below lives in a function whose
// automatic objects are trivially destructible, so the jump never skips a destructor.
#include <cctype>
#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include <jpeglib.h>
#include <png.h>
#include <webp/decode.h>
#include <webp/encode.h>

#include "modules/community/image_orientation.hpp"

namespace soom::community {
namespace {

constexpr int kJpegQuality = 90;
constexpr float kWebpQuality = 90.0F;

Error corrupt() {
  return Error::validation("image", "corrupt_image", "이미지 파일이 손상되었거나 읽을 수 없습니다.");
}

// ---- JPEG --------------------------------------------------------------------------------

struct JpegError final {
  jpeg_error_mgr mgr;
  std::jmp_buf jump;
};

void jpeg_fail(j_common_ptr info) { std::longjmp(reinterpret_cast<JpegError*>(info->err)->jump, 1); }
void jpeg_silence(j_common_ptr /*info*/) {}  // warnings are counted, not printed

struct JpegReader final {
  jpeg_decompress_struct info{};
  JpegError error{};
  bool created = false;
  ~JpegReader() {
    if (created) jpeg_destroy_decompress(&info);
  }
};

// Header only: fills width/height and chooses the output colour space. false on any error.
bool jpeg_begin(JpegReader& reader, std::string_view bytes) {
  reader.info.err = jpeg_std_error(&reader.error.mgr);
  reader.error.mgr.error_exit = jpeg_fail;
  reader.error.mgr.output_message = jpeg_silence;
  if (setjmp(reader.error.jump)) return false;
  jpeg_create_decompress(&reader.info);
  reader.created = true;
  jpeg_mem_src(&reader.info, reinterpret_cast<const unsigned char*>(bytes.data()),
               static_cast<unsigned long>(bytes.size()));
  jpeg_save_markers(&reader.info, JPEG_APP0 + 1, 0xFFFF);  // EXIF, for its Orientation only
  if (jpeg_read_header(&reader.info, TRUE) != JPEG_HEADER_OK) return false;
  // CMYK/YCCK cannot be converted to RGB by libjpeg; such uploads are refused as unreadable.
  if (reader.info.jpeg_color_space == JCS_CMYK || reader.info.jpeg_color_space == JCS_YCCK) return false;
  reader.info.out_color_space = reader.info.num_components == 1 ? JCS_GRAYSCALE : JCS_RGB;
  return true;
}

// Decodes into `pixels` (already sized width × height × components). false on error or on
// any libjpeg warning (truncated data is "recovered" with grey by libjpeg; we refuse it).
bool jpeg_decode(JpegReader& reader, unsigned char* pixels, std::size_t stride) {
  if (setjmp(reader.error.jump)) return false;
  jpeg_start_decompress(&reader.info);
  while (reader.info.output_scanline < reader.info.output_height) {
    JSAMPROW row = pixels + static_cast<std::size_t>(reader.info.output_scanline) * stride;
    jpeg_read_scanlines(&reader.info, &row, 1);
  }
  jpeg_finish_decompress(&reader.info);
  return reader.error.mgr.num_warnings == 0;
}

struct JpegWriter final {
  jpeg_compress_struct info{};
  JpegError error{};
  unsigned char* out = nullptr;
  unsigned long out_size = 0;
  bool created = false;
  ~JpegWriter() {
    if (created) jpeg_destroy_compress(&info);
    std::free(out);  // NOLINT(cppcoreguidelines-no-malloc): allocated by jpeg_mem_dest
  }
};

bool jpeg_encode(JpegWriter& writer, const unsigned char* pixels, int width, int height, int components) {
  writer.info.err = jpeg_std_error(&writer.error.mgr);
  writer.error.mgr.error_exit = jpeg_fail;
  writer.error.mgr.output_message = jpeg_silence;
  if (setjmp(writer.error.jump)) return false;
  jpeg_create_compress(&writer.info);
  writer.created = true;
  jpeg_mem_dest(&writer.info, &writer.out, &writer.out_size);
  writer.info.image_width = static_cast<JDIMENSION>(width);
  writer.info.image_height = static_cast<JDIMENSION>(height);
  writer.info.input_components = components;
  writer.info.in_color_space = components == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults(&writer.info);
  jpeg_set_quality(&writer.info, kJpegQuality, TRUE);
  // write_JFIF_header stays on (APP0 JFIF carries no personal data); nothing else is written.
  jpeg_start_compress(&writer.info, TRUE);
  const std::size_t stride = static_cast<std::size_t>(width) * static_cast<std::size_t>(components);
  while (writer.info.next_scanline < writer.info.image_height) {
    auto* row = const_cast<JSAMPROW>(pixels + static_cast<std::size_t>(writer.info.next_scanline) * stride);
    jpeg_write_scanlines(&writer.info, &row, 1);
  }
  jpeg_finish_compress(&writer.info);
  return true;
}

// The first EXIF Orientation among the saved APP1 markers; 1 when there is none. Ask before
// decoding: jpeg_finish_decompress frees the saved markers.
int jpeg_orientation(const JpegReader& reader) {
  for (jpeg_saved_marker_ptr m = reader.info.marker_list; m != nullptr; m = m->next) {
    if (m->marker != JPEG_APP0 + 1) continue;
    const int orientation = exif_orientation(std::string_view(reinterpret_cast<const char*>(m->data), m->data_length));
    if (orientation != 1) return orientation;
  }
  return 1;
}

Result<ImageHeader> jpeg_header(std::string_view bytes) {
  JpegReader reader;
  if (!jpeg_begin(reader, bytes)) return corrupt();
  return ImageHeader{ImageFormat::kJpeg, static_cast<int>(reader.info.image_width),
                     static_cast<int>(reader.info.image_height)};
}

Result<CleanImage> jpeg_reencode(std::string_view bytes) {
  JpegReader reader;
  if (!jpeg_begin(reader, bytes)) return corrupt();
  const int width = static_cast<int>(reader.info.image_width);
  const int height = static_cast<int>(reader.info.image_height);
  const int components = reader.info.out_color_space == JCS_GRAYSCALE ? 1 : 3;
  const std::size_t stride = static_cast<std::size_t>(width) * static_cast<std::size_t>(components);
  // The EXIF that says which way is up goes with the rest of the metadata: turn the pixels first.
  const int orientation = jpeg_orientation(reader);
  std::vector<unsigned char> pixels(stride * static_cast<std::size_t>(height));
  if (!jpeg_decode(reader, pixels.data(), stride)) return corrupt();
  const auto oriented = apply_orientation(std::move(pixels), width, height, components, orientation);
  JpegWriter writer;
  if (!jpeg_encode(writer, oriented.pixels.data(), oriented.width, oriented.height, components)) {
    return Error::internal("jpeg re-encode failed");
  }
  return CleanImage{ImageFormat::kJpeg, oriented.width, oriented.height,
                    std::string(reinterpret_cast<const char*>(writer.out), writer.out_size)};
}

// ---- PNG (libpng's simplified API: no longjmp in our code) ---------------------------------

struct PngImage final {
  png_image image{};
  PngImage() { image.version = PNG_IMAGE_VERSION; }
  ~PngImage() { png_image_free(&image); }
};

bool png_begin(PngImage& png, std::string_view bytes) {
  return png_image_begin_read_from_memory(&png.image, bytes.data(), bytes.size()) != 0;
}

Result<ImageHeader> png_header(std::string_view bytes) {
  PngImage png;
  if (!png_begin(png, bytes)) return corrupt();
  return ImageHeader{ImageFormat::kPng, static_cast<int>(png.image.width), static_cast<int>(png.image.height)};
}

Result<CleanImage> png_reencode(std::string_view bytes) {
  PngImage png;
  if (!png_begin(png, bytes)) return corrupt();
  // 8-bit RGB(A): keeps transparency when the source has it, drops everything but pixels.
  png.image.format = (png.image.format & PNG_FORMAT_FLAG_ALPHA) != 0 ? PNG_FORMAT_RGBA : PNG_FORMAT_RGB;
  std::vector<unsigned char> pixels(PNG_IMAGE_SIZE(png.image));
  if (png_image_finish_read(&png.image, nullptr, pixels.data(), 0, nullptr) == 0) return corrupt();
  if (PNG_IMAGE_FAILED(png.image)) return corrupt();

  PngImage out;
  out.image.width = png.image.width;
  out.image.height = png.image.height;
  out.image.format = png.image.format;
  png_alloc_size_t size = 0;
  if (png_image_write_to_memory(&out.image, nullptr, &size, 0, pixels.data(), 0, nullptr) == 0) {
    return Error::internal("png size query failed");
  }
  std::string encoded(size, '\0');
  if (png_image_write_to_memory(&out.image, encoded.data(), &size, 0, pixels.data(), 0, nullptr) == 0) {
    return Error::internal("png re-encode failed");
  }
  encoded.resize(size);
  return CleanImage{ImageFormat::kPng, static_cast<int>(png.image.width), static_cast<int>(png.image.height),
                    std::move(encoded)};
}

// ---- WebP --------------------------------------------------------------------------------

Result<ImageHeader> webp_header(std::string_view bytes) {
  WebPBitstreamFeatures features{};
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  if (WebPGetFeatures(data, bytes.size(), &features) != VP8_STATUS_OK) return corrupt();
  if (features.has_animation != 0) {
    return Error::validation("image", "animated_image", "움직이는 이미지는 올릴 수 없습니다.");
  }
  return ImageHeader{ImageFormat::kWebp, features.width, features.height};
}

Result<CleanImage> webp_reencode(std::string_view bytes) {
  WebPBitstreamFeatures features{};
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  if (WebPGetFeatures(data, bytes.size(), &features) != VP8_STATUS_OK) return corrupt();
  const int width = features.width;
  const int height = features.height;
  const std::size_t stride = static_cast<std::size_t>(width) * 4U;
  std::vector<uint8_t> pixels(stride * static_cast<std::size_t>(height));
  if (WebPDecodeRGBAInto(data, bytes.size(), pixels.data(), pixels.size(), static_cast<int>(stride)) == nullptr) {
    return corrupt();
  }
  uint8_t* out = nullptr;
  // Lossless sources stay lossless (screenshots, charts); lossy ones are re-compressed.
  const bool lossless = features.format == 2;
  const std::size_t size =
      lossless ? WebPEncodeLosslessRGBA(pixels.data(), width, height, static_cast<int>(stride), &out)
               : WebPEncodeRGBA(pixels.data(), width, height, static_cast<int>(stride), kWebpQuality, &out);
  if (size == 0 || out == nullptr) return Error::internal("webp re-encode failed");
  std::string encoded(reinterpret_cast<const char*>(out), size);
  WebPFree(out);
  return CleanImage{ImageFormat::kWebp, width, height, std::move(encoded)};
}

}  // namespace

std::optional<ImageFormat> sniff_image_format(std::string_view bytes) {
  if (bytes.size() >= 3 && bytes.substr(0, 3) == std::string_view("\xFF\xD8\xFF", 3)) return ImageFormat::kJpeg;
  if (bytes.size() >= 8 && bytes.substr(0, 8) == std::string_view("\x89PNG\r\n\x1A\n", 8)) return ImageFormat::kPng;
  if (bytes.size() >= 12 && bytes.substr(0, 4) == "RIFF" && bytes.substr(8, 4) == "WEBP") return ImageFormat::kWebp;
  return std::nullopt;
}

std::optional<ImageFormat> image_format_from_content_type(std::string_view content_type) {
  // Parameters (";charset=…") are ignored; media types are case-insensitive.
  const auto semicolon = content_type.find(';');
  std::string type(content_type.substr(0, semicolon));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (type == "image/jpeg") return ImageFormat::kJpeg;
  if (type == "image/png") return ImageFormat::kPng;
  if (type == "image/webp") return ImageFormat::kWebp;
  return std::nullopt;
}

std::string_view image_content_type(ImageFormat format) {
  switch (format) {
    case ImageFormat::kJpeg: return "image/jpeg";
    case ImageFormat::kPng: return "image/png";
    case ImageFormat::kWebp: return "image/webp";
  }
  return "application/octet-stream";
}

Result<ImageHeader> read_image_header(std::string_view bytes, ImageFormat format) {
  switch (format) {
    case ImageFormat::kJpeg: return jpeg_header(bytes);
    case ImageFormat::kPng: return png_header(bytes);
    case ImageFormat::kWebp: return webp_header(bytes);
  }
  return corrupt();
}

Status check_image_dimensions(const ImageHeader& header, const ImageLimits& limits) {
  if (header.width <= 0 || header.height <= 0) return corrupt();
  const auto pixels = static_cast<std::int64_t>(header.width) * header.height;
  if (header.width > limits.max_width || header.height > limits.max_height || pixels > limits.max_pixels) {
    return Error::validation("image", "dimensions_too_large",
                             "이미지 크기가 너무 큽니다. 가로·세로 8000픽셀, 4000만 화소 이하로 올려 주세요.");
  }
  return {};
}

Result<CleanImage> sanitize_image(std::string_view bytes, std::string_view declared_content_type,
                                  const ImageLimits& limits) {
  if (bytes.size() > limits.max_bytes) {
    return Error::make(ErrorCode::kPayloadTooLarge, "이미지는 한 장에 5MB 이하만 올릴 수 있습니다.");
  }
  const auto declared = image_format_from_content_type(declared_content_type);
  if (!declared) {
    return Error::make(ErrorCode::kUnsupportedMediaType, "JPEG, PNG, WebP 이미지만 올릴 수 있습니다.");
  }
  const auto actual = sniff_image_format(bytes);
  if (!actual) return corrupt();
  if (*actual != *declared) {
    return Error::validation("image", "content_type_mismatch", "파일 내용이 지정한 이미지 형식과 다릅니다.");
  }
  auto header = read_image_header(bytes, *actual);
  if (!header) return std::move(header).error();
  if (auto fits = check_image_dimensions(header.value(), limits); !fits) return std::move(fits).error();
  switch (*actual) {
    case ImageFormat::kJpeg: return jpeg_reencode(bytes);
    case ImageFormat::kPng: return png_reencode(bytes);
    case ImageFormat::kWebp: return webp_reencode(bytes);
  }
  return corrupt();
}

Result<std::string> encode_rgb(ImageFormat format, std::string_view rgb, int width, int height) {
  const auto expected = static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3U;
  if (width <= 0 || height <= 0 || rgb.size() != expected) return Error::internal("encode_rgb: bad buffer");
  const auto* pixels = reinterpret_cast<const unsigned char*>(rgb.data());
  switch (format) {
    case ImageFormat::kJpeg: {
      JpegWriter writer;
      if (!jpeg_encode(writer, pixels, width, height, 3)) return Error::internal("jpeg encode failed");
      return std::string(reinterpret_cast<const char*>(writer.out), writer.out_size);
    }
    case ImageFormat::kPng: {
      PngImage out;
      out.image.width = static_cast<png_uint_32>(width);
      out.image.height = static_cast<png_uint_32>(height);
      out.image.format = PNG_FORMAT_RGB;
      png_alloc_size_t size = 0;
      if (png_image_write_to_memory(&out.image, nullptr, &size, 0, pixels, 0, nullptr) == 0) {
        return Error::internal("png size query failed");
      }
      std::string encoded(size, '\0');
      if (png_image_write_to_memory(&out.image, encoded.data(), &size, 0, pixels, 0, nullptr) == 0) {
        return Error::internal("png encode failed");
      }
      encoded.resize(size);
      return encoded;
    }
    case ImageFormat::kWebp: {
      uint8_t* out = nullptr;
      const std::size_t size = WebPEncodeRGB(pixels, width, height, width * 3, kWebpQuality, &out);
      if (size == 0 || out == nullptr) return Error::internal("webp encode failed");
      std::string encoded(reinterpret_cast<const char*>(out), size);
      WebPFree(out);
      return encoded;
    }
  }
  return Error::internal("encode_rgb: unknown format");
}

}  // namespace soom::community
