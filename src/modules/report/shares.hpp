#pragma once
// Clinician shares: token hashing, status at an instant (so expiry is tested with a manual
// clock), input validation and the SQL of report_shares / report_share_accesses.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "db/db.hpp"
#include "modules/report/report.hpp"

namespace soom::report {

// Hex SHA-256 of the token: what is stored and looked up (the token itself never is).
std::string share_token_hash(std::string_view token);

// active | expired (at or after expires_at) | revoked (revocation wins).
std::string share_status(const ReportShare& share, Instant now);

// Problems with the input (expires_in_days 1–30, note ≤ 200 characters on one line).
std::vector<FieldError> validate_share_input(const ShareInput& input);

// The user agent as logged: at most kMaxUserAgentChars code points, control characters dropped.
std::string clean_user_agent(std::string_view user_agent);

namespace repo {

void insert_share(db::Transaction& tx, const std::string& user_id, const ReportShare& share,
                  const std::string& token_hash);
std::vector<ReportShare> list_shares(db::Transaction& tx, const std::string& user_id, Instant now);
std::optional<ReportShare> find_share(db::Transaction& tx, const std::string& user_id, const std::string& id,
                                      Instant now);
// The share of a token hash with its owner, whatever its status.
std::optional<std::pair<std::string, ReportShare>> find_share_by_hash(db::Transaction& tx,
                                                                      const std::string& token_hash, Instant now);
// False when the user has no such share. Revoking twice keeps the first time.
bool revoke_share(db::Transaction& tx, const std::string& user_id, const std::string& id, Instant now);
void log_access(db::Transaction& tx, const std::string& user_id, const std::string& share_id,
                const ShareAccess& access);
std::vector<ShareAccess> list_accesses(db::Transaction& tx, const std::string& user_id, const std::string& share_id);

}  // namespace repo
}  // namespace soom::report
