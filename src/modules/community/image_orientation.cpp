#include "modules/community/image_orientation.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>

namespace soom::community {
namespace {

constexpr std::uint16_t kOrientationTag = 0x0112;
constexpr std::uint16_t kTypeShort = 3;

// Reads TIFF integers in the byte order the header declared; nullopt past the end.
class TiffReader final {
 public:
  TiffReader(std::string_view tiff, bool big_endian) : tiff_(tiff), big_endian_(big_endian) {}
  std::optional<std::uint32_t> u16(std::size_t at) const { return read(at, 2); }
  std::optional<std::uint32_t> u32(std::size_t at) const { return read(at, 4); }

 private:
  std::optional<std::uint32_t> read(std::size_t at, std::size_t size) const {
    if (at > tiff_.size() || tiff_.size() - at < size) return std::nullopt;
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < size; ++i) {
      const auto byte = static_cast<unsigned char>(tiff_[at + (big_endian_ ? i : size - 1 - i)]);
      value = (value << 8) | byte;
    }
    return value;
  }
  std::string_view tiff_;
  bool big_endian_;
};

}  // namespace

int exif_orientation(std::string_view app1) {
  constexpr std::string_view kExifHeader("Exif\0\0", 6);
  if (!app1.starts_with(kExifHeader)) return 1;
  const std::string_view tiff = app1.substr(kExifHeader.size());
  if (tiff.size() < 8) return 1;
  const bool big_endian = tiff.starts_with("MM");
  if (!big_endian && !tiff.starts_with("II")) return 1;
  const TiffReader r(tiff, big_endian);
  if (r.u16(2) != 42u) return 1;
  const auto ifd = r.u32(4);
  if (!ifd) return 1;
  const auto entries = r.u16(*ifd);
  if (!entries) return 1;
  for (std::uint32_t i = 0; i < *entries; ++i) {
    const std::size_t entry = static_cast<std::size_t>(*ifd) + 2 + 12 * static_cast<std::size_t>(i);
    const auto tag = r.u16(entry);
    if (!tag) return 1;
    if (*tag != kOrientationTag) continue;
    if (r.u16(entry + 2) != kTypeShort || r.u32(entry + 4) != 1u) return 1;
    const auto value = r.u16(entry + 8);  // a SHORT sits left-aligned in the 4-byte value field
    return value && *value >= 1 && *value <= 8 ? static_cast<int>(*value) : 1;
  }
  return 1;
}

OrientedPixels apply_orientation(std::vector<unsigned char> pixels, int width, int height, int components,
                                 int orientation) {
  if (orientation < 2 || orientation > 8) return {std::move(pixels), width, height};
  const auto w = static_cast<std::size_t>(width);
  const auto h = static_cast<std::size_t>(height);
  const auto c = static_cast<std::size_t>(components);
  const bool swaps = orientation >= 5;
  const std::size_t out_w = swaps ? h : w;
  const std::size_t out_h = swaps ? w : h;
  std::vector<unsigned char> out(pixels.size());
  // For each output pixel (x, y), the source pixel it shows.
  for (std::size_t y = 0; y < out_h; ++y) {
    for (std::size_t x = 0; x < out_w; ++x) {
      std::size_t sx = x;
      std::size_t sy = y;
      switch (orientation) {
        case 2: sx = w - 1 - x; break;                      // mirrored left-right
        case 3: sx = w - 1 - x; sy = h - 1 - y; break;      // upside down
        case 4: sy = h - 1 - y; break;                      // mirrored top-bottom
        case 5: sx = y; sy = x; break;                      // transposed
        case 6: sx = y; sy = h - 1 - x; break;              // turn 90° clockwise
        case 7: sx = w - 1 - y; sy = h - 1 - x; break;      // transversed
        default: sx = w - 1 - y; sy = x; break;             // 8: turn 90° counter-clockwise
      }
      std::copy_n(pixels.begin() + static_cast<std::ptrdiff_t>((sy * w + sx) * c), c,
                  out.begin() + static_cast<std::ptrdiff_t>((y * out_w + x) * c));
    }
  }
  return {std::move(out), static_cast<int>(out_w), static_cast<int>(out_h)};
}

}  // namespace soom::community
