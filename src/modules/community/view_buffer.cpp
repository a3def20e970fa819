#include "modules/community/view_buffer.hpp"

#include <utility>

namespace soom::community {

std::int64_t ViewBuffer::add(const std::string& post_id, Instant now) {
  std::lock_guard lock(mutex_);
  if (!oldest_) oldest_ = now;
  return ++counts_[post_id];
}

std::int64_t ViewBuffer::waiting(const std::string& post_id) const {
  std::lock_guard lock(mutex_);
  const auto it = counts_.find(post_id);
  return it == counts_.end() ? 0 : it->second;
}

bool ViewBuffer::due(Instant now) const {
  std::lock_guard lock(mutex_);
  // A clock that moved backwards also flushes rather than holding views indefinitely.
  return oldest_ && (counts_.size() >= kMaxPosts || now - *oldest_ >= kMaxAge || now < *oldest_);
}

std::map<std::string, std::int64_t> ViewBuffer::take() {
  std::lock_guard lock(mutex_);
  oldest_.reset();
  return std::exchange(counts_, {});
}

void ViewBuffer::restore(const std::map<std::string, std::int64_t>& counts, Instant now) {
  if (counts.empty()) return;
  std::lock_guard lock(mutex_);
  if (!oldest_) oldest_ = now;
  for (const auto& [post, views] : counts) counts_[post] += views;
}

}  // namespace soom::community
