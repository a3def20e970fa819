// Sanitizing happens on the syntax tree, not on the HTML string: cmark-gfm already escapes
// text and attribute values, so rewriting the few dangerous node kinds before rendering
// leaves nothing for an attacker to smuggle through (no regexes over HTML).
#include "modules/content/markdown.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <cctype>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <vector>

namespace soom::content {
namespace {

constexpr const char* kExtensions[] = {"table", "strikethrough", "autolink"};

struct ParserDeleter {
  void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
struct NodeDeleter {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};
using ParserPtr = std::unique_ptr<cmark_parser, ParserDeleter>;
using NodePtr = std::unique_ptr<cmark_node, NodeDeleter>;

struct Parsed {
  ParserPtr parser;  // owns the extension list the renderer needs
  NodePtr root;
};

Parsed parse(std::string_view markdown) {
  static std::once_flag registered;
  std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });
  // CMARK_OPT_DEFAULT: raw HTML and dangerous URLs are not emitted verbatim (safe mode);
  // the tree rewrite below turns the HTML into visible text instead of a comment.
  ParserPtr parser(cmark_parser_new(CMARK_OPT_DEFAULT));
  for (const char* name : kExtensions) {
    if (auto* ext = cmark_find_syntax_extension(name)) cmark_parser_attach_syntax_extension(parser.get(), ext);
  }
  cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
  NodePtr root(cmark_parser_finish(parser.get()));
  return {std::move(parser), std::move(root)};
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Replaces `node` by its children (keeps the visible text of a link or image).
void unwrap(cmark_node* node) {
  while (cmark_node* child = cmark_node_first_child(node)) {
    cmark_node_unlink(child);
    cmark_node_insert_before(node, child);
  }
  cmark_node_unlink(node);
  cmark_node_free(node);
}

void replace_with_text(cmark_node* node, bool as_paragraph) {
  std::string literal = cmark_node_get_literal(node) ? cmark_node_get_literal(node) : "";
  while (!literal.empty() && (literal.back() == '\n' || literal.back() == '\r')) literal.pop_back();
  cmark_node* text = cmark_node_new(CMARK_NODE_TEXT);
  cmark_node_set_literal(text, literal.c_str());
  cmark_node* replacement = text;
  if (as_paragraph) {
    replacement = cmark_node_new(CMARK_NODE_PARAGRAPH);
    cmark_node_append_child(replacement, text);
  }
  cmark_node_replace(node, replacement);
  cmark_node_free(node);
}

void sanitize(cmark_node* root) {
  std::vector<cmark_node*> html_inline, html_block, bad_links;
  cmark_iter* iter = cmark_iter_new(root);
  for (auto ev = cmark_iter_next(iter); ev != CMARK_EVENT_DONE; ev = cmark_iter_next(iter)) {
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node* node = cmark_iter_get_node(iter);
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_HTML_INLINE:
        html_inline.push_back(node);
        break;
      case CMARK_NODE_HTML_BLOCK:
        html_block.push_back(node);
        break;
      case CMARK_NODE_LINK:
      case CMARK_NODE_IMAGE: {
        const char* url = cmark_node_get_url(node);
        if (url == nullptr || !is_safe_url(url)) bad_links.push_back(node);
        break;
      }
      default:
        break;
    }
  }
  cmark_iter_free(iter);
  for (auto* n : html_inline) replace_with_text(n, false);
  for (auto* n : html_block) replace_with_text(n, true);
  // Innermost first is not needed: links cannot nest, and images inside links are unwrapped
  // independently (their alt text stays inside the parent).
  for (auto* n : bad_links) unwrap(n);
}

bool is_block_end(cmark_node_type type) {
  switch (type) {
    case CMARK_NODE_PARAGRAPH:
    case CMARK_NODE_HEADING:
    case CMARK_NODE_CODE_BLOCK:
    case CMARK_NODE_HTML_BLOCK:
    case CMARK_NODE_ITEM:
    case CMARK_NODE_THEMATIC_BREAK:
      return true;
    default:
      return false;
  }
}

}  // namespace

bool is_safe_url(std::string_view url) {
  while (!url.empty() && (url.front() == ' ' || url.front() == '\t')) url.remove_prefix(1);
  if (url.empty()) return false;
  const auto l = lower(url.substr(0, 8));
  if (l.rfind("http://", 0) == 0 || l.rfind("https://", 0) == 0) return true;
  // Relative reference: no scheme before the first '/', '?' or '#'. Control characters are
  // rejected because browsers strip them ("java\tscript:").
  for (char c : url) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
    if (c == '/' || c == '?' || c == '#') return true;
    if (c == ':') return false;
  }
  return true;
}

std::string render_html(std::string_view markdown) {
  auto parsed = parse(markdown);
  sanitize(parsed.root.get());
  char* html = cmark_render_html(parsed.root.get(), CMARK_OPT_DEFAULT,
                                 cmark_parser_get_syntax_extensions(parsed.parser.get()));
  std::string out(html ? html : "");
  std::free(html);
  return out;
}

std::string plain_text(std::string_view markdown) {
  auto parsed = parse(markdown);
  std::string out;
  cmark_iter* iter = cmark_iter_new(parsed.root.get());
  for (auto ev = cmark_iter_next(iter); ev != CMARK_EVENT_DONE; ev = cmark_iter_next(iter)) {
    cmark_node* node = cmark_iter_get_node(iter);
    const auto type = cmark_node_get_type(node);
    if (ev == CMARK_EVENT_ENTER) {
      switch (type) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
        case CMARK_NODE_CODE_BLOCK:
        case CMARK_NODE_HTML_INLINE:
        case CMARK_NODE_HTML_BLOCK:
          if (const char* lit = cmark_node_get_literal(node)) out += lit;
          break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
          out += ' ';
          break;
        default:
          break;
      }
      // Table cells are extension nodes: separate them so words do not run together.
      if (cmark_node_get_type_string(node) == std::string_view("table_cell") && !out.empty() && out.back() != '\n') {
        out += ' ';
      }
    }
    if ((ev == CMARK_EVENT_EXIT || cmark_node_first_child(node) == nullptr) && is_block_end(type)) {
      while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
      if (!out.empty()) out += '\n';
    }
    if (ev == CMARK_EVENT_EXIT && cmark_node_get_type_string(node) == std::string_view("table_row") &&
        !out.empty() && out.back() != '\n') {
      out += '\n';
    }
  }
  cmark_iter_free(iter);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

}  // namespace soom::content
