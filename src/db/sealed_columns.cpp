#include "db/sealed_columns.hpp"

#include <string>

namespace soom::db {

int seal_plaintext(Transaction& tx, const SecretBox& box, const SealedColumn& target, int limit) {
  const std::string table(target.table), key(target.key), column(target.column);
  const auto rows = tx.query("SELECT " + key + ", " + column + " FROM " + table + " WHERE " + column +
                                 " NOT LIKE 'sb1.%' ORDER BY " + key + " LIMIT $1",
                             {static_cast<std::int64_t>(limit)});
  for (const auto& r : rows.rows) {
    const std::string plain = r.get_text(1);
    // Only if unchanged meanwhile: a concurrent write has already sealed its new value.
    tx.query("UPDATE " + table + " SET " + column + " = $2 WHERE " + key + " = $1 AND " + column + " = $3",
             {r.get_text(0), box.seal(plain, target.purpose), plain});
  }
  return static_cast<int>(rows.rows.size());
}

}  // namespace soom::db
