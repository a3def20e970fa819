#include "modules/report/canvas.hpp"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <pango/pangocairo.h>

#include <stdexcept>

namespace soom::report::canvas {
namespace {

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

void set_colour(cairo_t* cr, Rgb colour, double alpha) { cairo_set_source_rgba(cr, colour.r, colour.g, colour.b, alpha); }

double text(cairo_t* cr, std::string_view text, double x, double y, double size_pt, Align align, bool bold,
            double max_width, Rgb colour) {
  PangoLayout* layout = pango_cairo_create_layout(cr);
  PangoFontDescription* font = pango_font_description_new();
  pango_font_description_set_family(font, kFontFamily);
  pango_font_description_set_absolute_size(font, size_pt * PANGO_SCALE);
  pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description(layout, font);
  pango_font_description_free(font);
  if (max_width > 0) {
    pango_layout_set_width(layout, static_cast<int>(max_width * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
  }
  pango_layout_set_text(layout, text.data(), static_cast<int>(text.size()));
  int width = 0;
  int height = 0;
  pango_layout_get_size(layout, &width, &height);
  const double w = static_cast<double>(width) / PANGO_SCALE;
  const double h = static_cast<double>(height) / PANGO_SCALE;
  double left = x;
  if (align == Align::kCenter) left = x - w / 2;
  if (align == Align::kRight) left = x - w;
  cairo_save(cr);
  set_colour(cr, colour);
  cairo_move_to(cr, left, y);
  pango_cairo_show_layout(cr, layout);
  cairo_restore(cr);
  g_object_unref(layout);
  return h;
}

cairo_surface_t* svg_surface(std::string& out, double width, double height) {
  return cairo_svg_surface_create_for_stream(append_bytes, &out, width, height);
}

cairo_surface_t* pdf_surface(std::string& out, double width, double height) {
  return cairo_pdf_surface_create_for_stream(append_bytes, &out, width, height);
}

void finish(cairo_surface_t* surface) {
  cairo_surface_finish(surface);
  const auto status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error(std::string("cairo: ") + cairo_status_to_string(status));
  }
}

}  // namespace soom::report::canvas
