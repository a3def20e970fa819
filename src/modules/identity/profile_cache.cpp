#include "modules/identity/profile_cache.hpp"

#include <iterator>

namespace soom::identity {

std::optional<Profile> ProfileCache::find(const std::string& user_id, Instant now) const {
  std::lock_guard lock(mutex_);
  const auto hit = entries_.find(user_id);
  if (hit == entries_.end() || now >= hit->second.expires_at) return std::nullopt;
  return hit->second.profile;
}

void ProfileCache::put(const Profile& profile, std::uint64_t ticket, Instant now) {
  if (capacity_ == 0) return;
  std::lock_guard lock(mutex_);
  // Checked under the lock: forget() bumps the counter before it takes the lock to erase,
  // so a put that passes here is erased by any forget() that raced with its read.
  if (forgotten_.load(std::memory_order_acquire) != ticket) return;
  if (entries_.size() >= capacity_) {
    for (auto it = entries_.begin(); it != entries_.end();) {
      it = now >= it->second.expires_at ? entries_.erase(it) : std::next(it);
    }
    if (entries_.size() >= capacity_) entries_.clear();
  }
  entries_.insert_or_assign(profile.id, Entry{profile, now + ttl_});
}

void ProfileCache::forget(const std::string& user_id) {
  forgotten_.fetch_add(1, std::memory_order_acq_rel);
  std::lock_guard lock(mutex_);
  entries_.erase(user_id);
}

std::size_t ProfileCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace soom::identity
