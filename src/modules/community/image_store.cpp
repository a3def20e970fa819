#include "modules/community/image_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <system_error>

#include "core/encoding.hpp"
#include "core/random.hpp"

namespace soom::community {
namespace {

Error io_error(const std::string& what, int err) {
  return Error::internal("image store: " + what + ": " + std::strerror(err));
}

// Writes all of `bytes` to `fd` and makes it durable before the rename publishes it.
bool write_all_and_sync(int fd, std::string_view bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return ::fsync(fd) == 0;
}

class LocalImageStore final : public ImageStore {
 public:
  explicit LocalImageStore(std::filesystem::path directory) : directory_(std::move(directory)) {}

  Status put(const std::string& key, std::string_view bytes) override {
    if (!is_image_key(key)) return Error::internal("image store: bad key");
    const auto target = path_of(key);
    std::error_code ec;
    std::filesystem::create_directories(target.parent_path(), ec);
    if (ec) return Error::internal("image store: mkdir: " + ec.message());
    if (std::filesystem::exists(target, ec)) return {};  // same key, same bytes
    const auto temp = target.parent_path() / ("." + key + "." + random_token_hex() + ".tmp");
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    if (fd < 0) return io_error("open", errno);
    const bool written = write_all_and_sync(fd, bytes);
    const int write_errno = errno;
    ::close(fd);
    if (!written) {
      std::filesystem::remove(temp, ec);
      return io_error("write", write_errno);
    }
    if (::rename(temp.c_str(), target.c_str()) != 0) {
      const int rename_errno = errno;
      std::filesystem::remove(temp, ec);
      return io_error("rename", rename_errno);
    }
    // Make the rename itself durable.
    const int dir = ::open(target.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
      ::fsync(dir);
      ::close(dir);
    }
    return {};
  }

  Result<std::optional<std::string>> get(const std::string& key) override {
    if (!is_image_key(key)) return std::optional<std::string>();
    std::ifstream in(path_of(key), std::ios::binary);
    if (!in) return std::optional<std::string>();
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) return Error::internal("image store: read failed");
    return std::optional<std::string>(std::move(bytes));
  }

  Status remove(const std::string& key) override {
    if (!is_image_key(key)) return {};
    std::error_code ec;
    std::filesystem::remove(path_of(key), ec);
    if (ec) return Error::internal("image store: remove: " + ec.message());
    return {};
  }

 private:
  // Two-character fan-out keeps directories small.
  std::filesystem::path path_of(const std::string& key) const { return directory_ / key.substr(0, 2) / key; }

  static std::string random_token_hex() { return random_token(8); }

  std::filesystem::path directory_;
};

}  // namespace

std::string image_key(std::string_view bytes) { return hex_encode(sha256(bytes)); }

bool is_image_key(std::string_view key) {
  if (key.size() != 64) return false;
  for (const char c : key) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::shared_ptr<ImageStore> make_local_image_store(std::filesystem::path directory) {
  return std::make_shared<LocalImageStore>(std::move(directory));
}

}  // namespace soom::community
