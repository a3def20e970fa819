#include "modules/identity/profile_cache.hpp"

namespace soom::identity {

std::optional<Profile> ProfileCache::find(const std::string& user_id, Instant now) {
  std::lock_guard lock(mutex_);
  return entries_.find(user_id, now);
}

void ProfileCache::put(const Profile& profile, std::uint64_t ticket, Instant now) {
  std::lock_guard lock(mutex_);
  // Checked under the lock: forget() bumps the counter before it takes the lock to erase,
  // so a put that passes here is erased by any forget() that raced with its read.
  if (forgotten_.load(std::memory_order_acquire) != ticket) return;
  entries_.put(profile.id, profile, now + ttl_, now);
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
