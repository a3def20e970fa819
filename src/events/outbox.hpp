#pragma once
// Transactional outbox: modules publish domain events in the same transaction as
// the change that caused them; the dispatcher (worker) delivers them at least once
// to idempotent consumers. Events carry ids and a few facts, never object graphs.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/time.hpp"
#include "db/db.hpp"

namespace soom::events {

struct Event final {
  std::int64_t seq = 0;
  std::string id;
  std::string type;          // "identity.user_registered"
  std::string aggregate_id;  // e.g. the user id
  std::string payload;       // JSON object text
  Instant created_at;
};

// Scalar facts for the payload; values are JSON-encoded as strings unless they parse
// as the given kind.
struct Fact final {
  std::string name;
  std::string value;
};

// Writes an event into the outbox inside `tx`. Returns the event id.
std::string publish(db::Transaction& tx, std::string_view type, std::string_view aggregate_id,
                    const std::vector<Fact>& facts, Instant at);

// Reads events after `after_seq` (for the dispatcher and tests), oldest first.
std::vector<Event> read_after(db::Database& db, std::int64_t after_seq, int limit,
                              std::string_view type_prefix = {});

}  // namespace soom::events
