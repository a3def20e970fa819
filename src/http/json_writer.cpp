#include "http/json_writer.hpp"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <stdexcept>

namespace soom::http {
namespace {

constexpr char kHex[] = "0123456789abcdef";

bool needs_escape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

// The escapes boost::json::serialize writes: the two-character forms where JSON has one,
// \u00XX for the other control characters; everything else, UTF-8 included, as is.
void append_escaped(std::string& out, std::string_view text) {
  out += '"';
  std::size_t plain_from = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (!needs_escape(c)) continue;
    out.append(text.data() + plain_from, i - plain_from);
    plain_from = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xf];
    }
  }
  out.append(text.data() + plain_from, text.size() - plain_from);
  out += '"';
}

}  // namespace

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (depth_ > 0) throw std::logic_error("JsonWriter: a value inside an object needs a key");
  if (!out_.empty()) throw std::logic_error("JsonWriter: only one top-level value");
}

JsonWriter& JsonWriter::begin_object() {
  before_value();
  if (depth_ == kMaxDepth) throw std::logic_error("JsonWriter: nested too deeply");
  has_members_[depth_++] = false;
  out_ += '{';
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  if (depth_ == 0 || after_key_) throw std::logic_error("JsonWriter: end_object without an open object");
  --depth_;
  out_ += '}';
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  if (depth_ == 0 || after_key_) throw std::logic_error("JsonWriter: a key belongs inside an object");
  // Keys are names written in code; escaping them would cost more than the rest of a field.
  assert(std::none_of(name.begin(), name.end(), [](char c) { return needs_escape(static_cast<unsigned char>(c)); }));
  out_.append(has_members_[depth_ - 1] ? ",\"" : "\"");
  has_members_[depth_ - 1] = true;
  out_.append(name.data(), name.size());
  out_.append("\":");
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
  before_value();
  append_escaped(out_, text);
  return *this;
}

JsonWriter& JsonWriter::value(std::int64_t number) {
  before_value();
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, number).ptr;
  out_.append(digits, end);
  return *this;
}

JsonWriter& JsonWriter::value(bool flag) {
  before_value();
  out_ += flag ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  out_ += "null";
  return *this;
}

std::string JsonWriter::take() {
  if (depth_ != 0 || after_key_) throw std::logic_error("JsonWriter: take() with an object still open");
  std::string text = std::move(out_);
  out_.clear();
  return text;
}

}  // namespace soom::http
