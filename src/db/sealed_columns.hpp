#pragma once
// Secrets written before sealing existed (core/secret_box.hpp) are sealed in place, in small
// batches, by the module that owns the table (its worker task).
#include <string_view>

#include "core/secret_box.hpp"
#include "db/db.hpp"

namespace soom::db {

struct SealedColumn final {
  std::string_view table;
  std::string_view key;     // primary key column
  std::string_view column;  // the secret
  std::string_view purpose; // SecretBox purpose the module opens it with
};

// Seals up to `limit` values of `column` still in plaintext, in this transaction; returns how
// many. The names are the owning module's constants, never input.
int seal_plaintext(Transaction& tx, const SecretBox& box, const SealedColumn& target, int limit);

}  // namespace soom::db
