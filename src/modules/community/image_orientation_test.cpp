#include "modules/community/image_orientation.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace soom::community {
namespace {

// TIFF integers in either byte order, to build EXIF payloads by hand.
struct TiffBytes final {
  bool big_endian;
  std::string u16(unsigned v) const {
    const char hi = static_cast<char>((v >> 8) & 0xFF);
    const char lo = static_cast<char>(v & 0xFF);
    return big_endian ? std::string{hi, lo} : std::string{lo, hi};
  }
  std::string u32(unsigned v) const {
    return big_endian ? u16(v >> 16) + u16(v & 0xFFFF) : u16(v & 0xFFFF) + u16(v >> 16);
  }
};

// "Exif\0\0" + a TIFF header in either byte order + IFD0 with the given entries.
std::string exif(bool big_endian, const std::vector<std::string>& entries) {
  const TiffBytes b{big_endian};
  std::string tiff = (big_endian ? std::string("MM") : std::string("II")) + b.u16(42) + b.u32(8) +
                     b.u16(static_cast<unsigned>(entries.size()));
  for (const auto& e : entries) tiff += e;
  tiff += b.u32(0);
  return std::string("Exif\0\0", 6) + tiff;
}

// One IFD entry whose value is a left-aligned SHORT.
std::string entry(bool big_endian, unsigned tag, unsigned type, unsigned count, unsigned value) {
  const TiffBytes b{big_endian};
  return b.u16(tag) + b.u16(type) + b.u32(count) + b.u16(value) + b.u16(0);
}

TEST(ExifOrientation, ReadsTheTagInBothByteOrders) {
  for (const bool big : {true, false}) {
    EXPECT_EQ(exif_orientation(exif(big, {entry(big, 0x0112, 3, 1, 6)})), 6) << big;
    // Behind other tags (make, model) too.
    EXPECT_EQ(exif_orientation(exif(big, {entry(big, 0x010F, 2, 4, 0), entry(big, 0x0112, 3, 1, 8)})), 8) << big;
  }
}

TEST(ExifOrientation, AnythingOddMeansAsStored) {
  const bool big = true;
  EXPECT_EQ(exif_orientation(""), 1);
  EXPECT_EQ(exif_orientation("Exif\0\0MM"), 1);                                   // truncated header
  EXPECT_EQ(exif_orientation(exif(big, {})), 1);                                   // no entries
  EXPECT_EQ(exif_orientation(exif(big, {entry(big, 0x0112, 3, 1, 9)})), 1);        // out of range
  EXPECT_EQ(exif_orientation(exif(big, {entry(big, 0x0112, 4, 1, 6)})), 1);        // wrong type
  EXPECT_EQ(exif_orientation(exif(big, {entry(big, 0x0112, 3, 2, 6)})), 1);        // wrong count
  std::string lying = exif(big, {entry(big, 0x0112, 3, 1, 6)});
  lying[6 + 4] = '\x7F';  // IFD0 offset far past the end
  EXPECT_EQ(exif_orientation(lying), 1);
  std::string many = exif(big, {});
  many[6 + 8] = '\xFF';  // claims 65280+ entries in a few bytes
  EXPECT_EQ(exif_orientation(many), 1);
  EXPECT_EQ(exif_orientation("JFIF\0" + exif(big, {entry(big, 0x0112, 3, 1, 6)})), 1);  // not Exif
}

// A 3 × 2 one-byte-per-pixel image:   a b c
//                                     d e f
std::string oriented(int orientation, int* width, int* height) {
  const std::vector<unsigned char> pixels{'a', 'b', 'c', 'd', 'e', 'f'};
  const auto out = apply_orientation(pixels, 3, 2, 1, orientation);
  *width = out.width;
  *height = out.height;
  return std::string(out.pixels.begin(), out.pixels.end());
}

TEST(ApplyOrientation, EachOfTheEightOrientations) {
  int w = 0;
  int h = 0;
  EXPECT_EQ(oriented(1, &w, &h), "abcdef");
  EXPECT_EQ(oriented(2, &w, &h), "cbafed");  // mirrored left-right
  EXPECT_EQ(oriented(3, &w, &h), "fedcba");  // upside down
  EXPECT_EQ(oriented(4, &w, &h), "defabc");  // mirrored top-bottom
  EXPECT_EQ(w, 3);
  EXPECT_EQ(oriented(5, &w, &h), "adbecf");  // transposed: a d / b e / c f
  EXPECT_EQ(oriented(6, &w, &h), "daebfc");  // turned clockwise: d a / e b / f c
  EXPECT_EQ(oriented(7, &w, &h), "fcebda");  // transversed: f c / e b / d a
  EXPECT_EQ(oriented(8, &w, &h), "cfbead");  // turned counter-clockwise: c f / b e / a d
  EXPECT_EQ(w, 2);
  EXPECT_EQ(h, 3);
  EXPECT_EQ(oriented(0, &w, &h), "abcdef");  // unknown values leave the pixels alone
  EXPECT_EQ(oriented(9, &w, &h), "abcdef");
}

TEST(ApplyOrientation, MovesWholePixels) {
  const std::vector<unsigned char> rgb{1, 2, 3, 4, 5, 6};  // two RGB pixels side by side
  const auto out = apply_orientation(rgb, 2, 1, 3, 6);
  EXPECT_EQ(out.width, 1);
  EXPECT_EQ(out.height, 2);
  EXPECT_EQ(out.pixels, (std::vector<unsigned char>{1, 2, 3, 4, 5, 6}));
  const auto flipped = apply_orientation(rgb, 2, 1, 3, 2);
  EXPECT_EQ(flipped.pixels, (std::vector<unsigned char>{4, 5, 6, 1, 2, 3}));
}

}  // namespace
}  // namespace soom::community
