#pragma once
// Engine factories used by open_database(); repositories never call these.
#include <memory>
#include <string>
#include <string_view>

#include "db/db.hpp"

namespace soom::db {

std::unique_ptr<Database> open_sqlite(const OpenOptions& options);
std::unique_ptr<Database> open_postgres(const OpenOptions& options);

// The URL with any password replaced by "***", safe for logs and error messages.
std::string redact_url(std::string_view url);

}  // namespace soom::db
