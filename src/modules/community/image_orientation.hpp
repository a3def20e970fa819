#pragma once
// Phone cameras store a photo's pixels as the sensor read them and say in EXIF how to turn
// them (the Orientation tag). Re-encoding drops EXIF, so the turn is applied to the pixels
// first; otherwise a portrait photo would show on its side.
#include <cstddef>
#include <string_view>
#include <vector>

namespace soom::community {

// The Orientation (TIFF tag 0x0112) of an APP1 "Exif\0\0" payload: 1–8, or 1 (as stored) when
// absent, out of range or unreadable. Bounds-checked: the payload is untrusted.
int exif_orientation(std::string_view app1_payload);

struct OrientedPixels final {
  std::vector<unsigned char> pixels;
  int width = 0;
  int height = 0;
};

// Applies `orientation` (1–8, EXIF meaning) to width × height pixels of `components` bytes each,
// rows packed. Orientations 5–8 swap width and height. Others than 2–8 leave the pixels as they are.
OrientedPixels apply_orientation(std::vector<unsigned char> pixels, int width, int height, int components,
                                 int orientation);

}  // namespace soom::community
