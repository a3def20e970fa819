#pragma once
// Notification texts: Korean by default, English for "en*" locales. Each kind has a
// detailed text (in-app inbox, behind login) and a public one for lock screens and
// third-party endpoints that leaves out health details unless the user allowed them.
#include <map>
#include <optional>
#include <string>

namespace soom::notification {

struct RenderedText final {
  std::string title;
  std::string body;
  std::string public_title;
  std::string public_body;
};

bool is_known_kind(const std::string& kind);
// Reminders the user scheduled themselves: they ring through quiet hours.
bool is_reminder_kind(const std::string& kind);
bool is_community_kind(const std::string& kind);
// nullopt for an unknown kind (a producer bug).
std::optional<RenderedText> render(const std::string& kind, const std::map<std::string, std::string>& params,
                                   const std::string& locale, bool show_details);

}  // namespace soom::notification
