#include "core/random.hpp"

#include <openssl/rand.h>

#include <array>
#include <chrono>
#include <cstring>
#include <stdexcept>

#include "core/encoding.hpp"

namespace soom {

std::vector<std::uint8_t> random_bytes(std::size_t count) {
  std::vector<std::uint8_t> out(count);
  if (count > 0 && RAND_bytes(out.data(), static_cast<int>(count)) != 1) {
    throw std::runtime_error("RAND_bytes failed");
  }
  return out;
}

std::string random_token(std::size_t count) {
  auto bytes = random_bytes(count);
  return base64url_encode(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

namespace {

// RAND_bytes costs a few thousand instructions per call whatever the size (DRBG lookup and
// locking), and every request needs an id: draw ids' randomness from a per-thread block.
// Fresh processes start empty (fork+exec), so no two processes share a block.
void fill_id_randomness(std::uint8_t* out, std::size_t count) {
  constexpr std::size_t kBlock = 1024;
  thread_local std::array<std::uint8_t, kBlock> block{};
  thread_local std::size_t used = kBlock;
  if (used + count > kBlock) {
    if (RAND_bytes(block.data(), static_cast<int>(kBlock)) != 1) throw std::runtime_error("RAND_bytes failed");
    used = 0;
  }
  std::memcpy(out, block.data() + used, count);
  std::memset(block.data() + used, 0, count);  // handed out once, never kept
  used += count;
}

}  // namespace

std::string new_uuid_v7() {
  std::array<std::uint8_t, 16> bytes{};
  fill_id_randomness(bytes.data(), bytes.size());
  const auto ms = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                 std::chrono::system_clock::now().time_since_epoch())
                                                 .count());
  for (int i = 0; i < 6; ++i) bytes[i] = static_cast<std::uint8_t>(ms >> (8 * (5 - i)));
  bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0F) | 0x70);
  bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3F) | 0x80);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[bytes[i] >> 4]);
    out.push_back(kHex[bytes[i] & 0x0F]);
  }
  return out;
}

bool is_uuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return true;
}

std::string normalize_uuid(std::string_view text) {
  std::string out(text);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace soom
