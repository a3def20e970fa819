#pragma once
// GET /v1/me is the hottest authenticated read and a profile changes rarely, so profiles
// read from the database are kept in memory for a short while. Every write through the
// identity service forgets the user's entry after it commits.
//
// Only correct when this process makes the identity writes it could miss: the service uses
// it with the in-process cache::Cache (one process per database, the same assumption that
// session revocation makes there); with Redis, several processes write and it is off.
// A write from another process (`soomcare user create-admin`) shows after at most the TTL.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "core/expiring_map.hpp"
#include "core/time.hpp"
#include "modules/identity/identity.hpp"

namespace soom::identity {

class ProfileCache final {
 public:
  static constexpr std::chrono::seconds kDefaultTtl{60};
  static constexpr std::size_t kDefaultCapacity = 100'000;

  explicit ProfileCache(std::chrono::milliseconds ttl = kDefaultTtl, std::size_t capacity = kDefaultCapacity)
      : ttl_(ttl), entries_(capacity) {}

  std::optional<Profile> find(const std::string& user_id, Instant now);

  // Take a ticket before reading the database and hand it to put(): a profile read before a
  // concurrent write was forgotten is not kept (it may predate that write).
  std::uint64_t ticket() const { return forgotten_.load(std::memory_order_acquire); }
  void put(const Profile& profile, std::uint64_t ticket, Instant now);

  void forget(const std::string& user_id);
  std::size_t size() const;

 private:
  const std::chrono::milliseconds ttl_;
  std::atomic<std::uint64_t> forgotten_{0};  // bumped by every forget()
  mutable std::mutex mutex_;
  ExpiringMap<Profile> entries_;  // guarded by mutex_
};

}  // namespace soom::identity
