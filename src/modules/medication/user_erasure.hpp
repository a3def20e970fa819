#pragma once
#include <memory>

#include "events/dispatcher.hpp"

namespace soom::medication {

std::shared_ptr<events::Consumer> make_user_erasure_consumer(std::shared_ptr<db::Database> db);

}  // namespace soom::medication
