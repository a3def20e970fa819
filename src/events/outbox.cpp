#include "events/outbox.hpp"

#include <boost/json.hpp>

#include "core/random.hpp"

namespace soom::events {

std::string publish(db::Transaction& tx, std::string_view type, std::string_view aggregate_id,
                    const std::vector<Fact>& facts, Instant at) {
  boost::json::object payload;
  for (const auto& f : facts) payload[f.name] = f.value;
  auto id = new_uuid_v7();
  tx.query(
      "INSERT INTO outbox_events (event_id, type, aggregate_id, payload, created_at) VALUES ($1, $2, $3, $4, $5)",
      {id, std::string(type), std::string(aggregate_id), boost::json::serialize(payload), to_unix_ms(at)});
  return id;
}

std::vector<Event> read_after(db::Database& db, std::int64_t after_seq, int limit, std::string_view type_prefix) {
  auto tx = db.read();
  auto result = tx.query(
      "SELECT seq, event_id, type, aggregate_id, payload, created_at FROM outbox_events "
      "WHERE seq > $1 AND substr(type, 1, $2) = $3 ORDER BY seq LIMIT $4",
      {after_seq, static_cast<std::int64_t>(type_prefix.size()), std::string(type_prefix),
       static_cast<std::int64_t>(limit)});
  std::vector<Event> out;
  for (const auto& row : result.rows) {
    out.push_back(Event{row.get_int(0), row.get_text(1), row.get_text(2), row.get_text(3), row.get_text(4),
                        from_unix_ms(row.get_int(5))});
  }
  tx.commit();
  return out;
}

}  // namespace soom::events
