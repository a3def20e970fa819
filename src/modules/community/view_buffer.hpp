#pragma once
// Post views counted in memory and written in batches. Opening a post used to be a write
// transaction of its own (on SQLite an fsync and the single writer lock per page view); a view
// count may lag by seconds and lose a few seconds of views in a crash, a read may not wait on
// the disk.
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "core/time.hpp"

namespace soom::community {

class ViewBuffer final {
 public:
  // Written out when the oldest unwritten view is this old, or this many posts are waiting.
  static constexpr std::chrono::seconds kMaxAge{5};
  static constexpr std::size_t kMaxPosts = 1'000;

  // Counts one view; returns the post's views not yet written (this one included).
  std::int64_t add(const std::string& post_id, Instant now);
  // The post's views not yet written, counting none.
  std::int64_t waiting(const std::string& post_id) const;
  // Whether the buffer should be written out now.
  bool due(Instant now) const;
  // Takes every waiting count (post id → views), leaving the buffer empty.
  std::map<std::string, std::int64_t> take();
  // Puts counts back after a failed write, so no view is lost.
  void restore(const std::map<std::string, std::int64_t>& counts, Instant now);

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::int64_t> counts_;  // guarded by mutex_
  std::optional<Instant> oldest_;               // guarded by mutex_
};

}  // namespace soom::community
