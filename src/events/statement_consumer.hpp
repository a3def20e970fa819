#pragma once
// A consumer that reacts to an event by running SQL statements in one transaction,
// each with $1 bound to the event's aggregate id. Modules use it to erase a user's
// data on identity.user_deleted without repeating the consumer boilerplate.
#include <memory>
#include <string>
#include <vector>

#include "events/dispatcher.hpp"

namespace soom::events {

std::shared_ptr<Consumer> make_statement_consumer(std::string name, std::string type_prefix,
                                                  std::shared_ptr<db::Database> db,
                                                  std::vector<std::string> statements);

}  // namespace soom::events
