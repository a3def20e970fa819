#include "modules/report/shares.hpp"

#include "core/encoding.hpp"

namespace soom::report {
namespace {

constexpr std::size_t kMaxSharesListed = 100;
constexpr std::size_t kMaxAccessesListed = 500;

const char* kShareColumns =
    "id, period_from, period_to, note, created_at, expires_at, revoked_at, access_count";

ReportShare share_of(const db::Row& row, Instant now) {
  ReportShare s;
  s.id = row.get_text(0);
  s.from = row.get_text(1);
  s.to = row.get_text(2);
  s.note = row.get_text(3);
  s.created_at = from_unix_ms(row.get_int(4));
  s.expires_at = from_unix_ms(row.get_int(5));
  if (auto r = row.opt_int(6)) s.revoked_at = from_unix_ms(*r);
  s.access_count = row.get_int(7);
  s.status = share_status(s, now);
  return s;
}

}  // namespace

std::string share_token_hash(std::string_view token) { return hex_encode(sha256(token)); }

std::string share_status(const ReportShare& share, Instant now) {
  if (share.revoked_at) return "revoked";
  if (now >= share.expires_at) return "expired";
  return "active";
}

std::vector<FieldError> validate_share_input(const ShareInput& input) {
  std::vector<FieldError> errors;
  if (input.expires_in_days < 1 || input.expires_in_days > kMaxShareDays) {
    errors.push_back({"expires_in_days", "out_of_range", "공유 기간은 1~30일이어야 합니다"});
  }
  if (!is_valid_utf8(input.note) || utf8_length(input.note) > kMaxShareNoteChars) {
    errors.push_back({"note", "too_long", "메모는 200자 이하여야 합니다"});
  } else if (input.note.find_first_of("\r\n") != std::string::npos) {
    errors.push_back({"note", "invalid", "메모는 한 줄이어야 합니다"});
  }
  return errors;
}

std::string clean_user_agent(std::string_view user_agent) {
  std::string out;
  std::size_t points = 0;
  for (std::size_t i = 0; i < user_agent.size() && points < kMaxUserAgentChars;) {
    const auto c = static_cast<unsigned char>(user_agent[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
    if (i + len > user_agent.size()) break;
    const auto piece = user_agent.substr(i, len);
    i += len;
    if (len == 1 && (c < 0x20 || c == 0x7F || c >= 0x80)) continue;  // control or stray byte
    if (!is_valid_utf8(piece)) continue;
    out += piece;
    ++points;
  }
  return out;
}

namespace repo {

void insert_share(db::Transaction& tx, const std::string& user_id, const ReportShare& s,
                  const std::string& token_hash) {
  tx.query(
      "INSERT INTO report_shares (id, user_id, token_hash, period_from, period_to, note, created_at, expires_at, "
      "revoked_at, access_count) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, 0)",
      {s.id, user_id, token_hash, s.from, s.to, s.note, to_unix_ms(s.created_at), to_unix_ms(s.expires_at)});
}

std::vector<ReportShare> list_shares(db::Transaction& tx, const std::string& user_id, Instant now) {
  const auto result = tx.query(std::string("SELECT ") + kShareColumns +
                                   " FROM report_shares WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT " +
                                   std::to_string(kMaxSharesListed),
                               {user_id});
  std::vector<ReportShare> out;
  for (const auto& row : result.rows) out.push_back(share_of(row, now));
  return out;
}

std::optional<ReportShare> find_share(db::Transaction& tx, const std::string& user_id, const std::string& id,
                                      Instant now) {
  const auto result = tx.query(
      std::string("SELECT ") + kShareColumns + " FROM report_shares WHERE user_id = $1 AND id = $2", {user_id, id});
  if (result.empty()) return std::nullopt;
  return share_of(result.rows.front(), now);
}

std::optional<std::pair<std::string, ReportShare>> find_share_by_hash(db::Transaction& tx,
                                                                      const std::string& token_hash, Instant now) {
  const auto result = tx.query(
      std::string("SELECT ") + kShareColumns + ", user_id FROM report_shares WHERE token_hash = $1", {token_hash});
  if (result.empty()) return std::nullopt;
  const auto& row = result.rows.front();
  return std::pair{row.get_text(8), share_of(row, now)};
}

bool revoke_share(db::Transaction& tx, const std::string& user_id, const std::string& id, Instant now) {
  if (!find_share(tx, user_id, id, now)) return false;
  tx.query("UPDATE report_shares SET revoked_at = $3 WHERE user_id = $1 AND id = $2 AND revoked_at IS NULL",
           {user_id, id, to_unix_ms(now)});
  return true;
}

void log_access(db::Transaction& tx, const std::string& user_id, const std::string& share_id,
                const ShareAccess& a) {
  tx.query(
      "INSERT INTO report_share_accesses (id, share_id, user_id, accessed_at, resource, user_agent, client_ip) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7)",
      {a.id, share_id, user_id, to_unix_ms(a.accessed_at), a.resource, a.user_agent, a.client_ip});
  tx.query("UPDATE report_shares SET access_count = access_count + 1 WHERE id = $1", {share_id});
}

std::vector<ShareAccess> list_accesses(db::Transaction& tx, const std::string& user_id, const std::string& share_id) {
  const auto result = tx.query(
      "SELECT id, accessed_at, resource, user_agent, client_ip FROM report_share_accesses "
      "WHERE user_id = $1 AND share_id = $2 ORDER BY accessed_at DESC, id DESC LIMIT " +
          std::to_string(kMaxAccessesListed),
      {user_id, share_id});
  std::vector<ShareAccess> out;
  for (const auto& row : result.rows) {
    out.push_back({row.get_text(0), from_unix_ms(row.get_int(1)), row.get_text(2), row.get_text(3),
                   row.get_text(4)});
  }
  return out;
}

}  // namespace repo
}  // namespace soom::report
