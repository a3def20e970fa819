#pragma once
// Small drawing helpers over cairo + pango shared by the charts and the PDF: Korean text
// in NanumGothic (fonts-nanum), colours, and the surfaces that collect SVG/PDF bytes in
// memory. Private to the report context (the only place that includes cairo).
#include <cairo.h>

#include <string>
#include <string_view>

namespace soom::report::canvas {

inline constexpr const char* kFontFamily = "NanumGothic";

struct Rgb final {
  double r = 0;
  double g = 0;
  double b = 0;
};

enum class Align { kLeft, kCenter, kRight };

void set_colour(cairo_t* cr, Rgb colour, double alpha = 1.0);

// Draws `text` with its top-left (or top-centre / top-right per `align`) at (x, y).
// `max_width` > 0 wraps the text at word/character boundaries. Returns the height used.
double text(cairo_t* cr, std::string_view text, double x, double y, double size_pt, Align align = Align::kLeft,
            bool bold = false, double max_width = 0, Rgb colour = {0.13, 0.13, 0.13});

// A surface that appends the SVG (or PDF) it produces to `out`. The caller finishes it
// with finish(), after which `out` holds the whole document.
cairo_surface_t* svg_surface(std::string& out, double width, double height);
cairo_surface_t* pdf_surface(std::string& out, double width, double height);
// Flushes and destroys the surface; throws std::runtime_error if cairo reported an error.
void finish(cairo_surface_t* surface);

}  // namespace soom::report::canvas
