#pragma once
// Builds the frozen copy of the author's own figures attached to a post: a day of the
// records calendar or a month's summary, copied as JSON text at share time.
#include <string>

#include "core/result.hpp"
#include "modules/community/community.hpp"

namespace soom::records {
class RecordsService;
}

namespace soom::community {

Result<std::string> take_snapshot(records::RecordsService& records, const std::string& user_id,
                                  const SnapshotRequest& request, Instant now);

}  // namespace soom::community
