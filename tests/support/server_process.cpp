#include "support/server_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include <boost/json.hpp>

namespace soom::testing {
namespace {

std::string binary() {
  const char* bin = std::getenv("SOOMCARE_BIN");
  if (bin == nullptr || *bin == '\0') throw std::runtime_error("SOOMCARE_BIN is not set (run through ctest)");
  return bin;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// fork + exec with a controlled environment; stdout/stderr appended to log_path.
pid_t spawn(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
            const std::string& log_path) {
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::string_view(*e).starts_with("SOOMCARE_")) continue;  // only what we set below
    env_strings.emplace_back(*e);
  }
  for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    const int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
    }
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (const auto& e : env_strings) envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  return pid;
}

int wait_exit(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

db::Engine engine_under_test() {
  const char* e = std::getenv("SOOMCARE_TEST_ENGINE");
  return (e != nullptr && std::string_view(e) == "postgres") ? db::Engine::kPostgres : db::Engine::kSqlite;
}

ServerProcess::ServerProcess(std::string database_url, Options options)
    : database_url_(std::move(database_url)), options_(std::move(options)) {
  char tmpl[] = "/tmp/soomcare-it.XXXXXX";
  const char* dir = ::mkdtemp(tmpl);
  if (dir == nullptr) throw std::runtime_error("mkdtemp failed");
  var_dir_ = dir;
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) {
    // Graceful first: it exercises shutdown and lets coverage data reach the disk.
    ::kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    int status = 0;
    while (::waitpid(pid_, &status, WNOHANG) == 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (::waitpid(pid_, &status, WNOHANG) == 0) {
      ::kill(pid_, SIGKILL);
      wait_exit(pid_);
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(var_dir_, ec);
}

std::map<std::string, std::string> ServerProcess::environment() const {
  std::map<std::string, std::string> env{
      {"SOOMCARE_DATABASE_URL", database_url_},
      {"SOOMCARE_VAR_DIR", var_dir_},
      {"SOOMCARE_SERVER_API_PORT", "0"},
      {"SOOMCARE_SERVER_ADMIN_PORT", "0"},
      {"SOOMCARE_SERVER_PORT_FILE", var_dir_ + "/ports.json"},
      {"SOOMCARE_LOG_LEVEL", "info"},
      {"SOOMCARE_SERVER_THREADS", "2"},
      {"SOOMCARE_DATABASE_POOL_SIZE", "4"},
      // Every test client is 127.0.0.1: per-IP login throttling is tested on its own.
      {"SOOMCARE_AUTH_LOGIN_IP_MAX", "100000"},
  };
  for (const auto& [k, v] : options_.env) env[k] = v;
  return env;
}

int ServerProcess::run_command(const std::string& args, std::string* output) const {
  std::vector<std::string> argv{binary()};
  std::istringstream in(args);
  std::string word;
  while (in >> word) argv.push_back(word);
  const auto log_path = var_dir_ + "/command.log";
  std::filesystem::remove(log_path);
  const int rc = wait_exit(spawn(argv, environment(), log_path));
  if (output != nullptr) *output = read_file(log_path);
  return rc;
}

void ServerProcess::start() {
  if (options_.migrate) {
    std::string out;
    if (run_command("migrate", &out) != 0) throw std::runtime_error("soomcare migrate failed: " + out);
  }
  std::filesystem::remove(var_dir_ + "/ports.json");
  pid_ = spawn({binary(), options_.subcommand}, environment(), var_dir_ + "/server.log");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("soomcare exited during start: " + log());
    }
    const auto ports = read_file(var_dir_ + "/ports.json");
    if (!ports.empty()) {
      auto v = boost::json::parse(ports);
      api_port_ = static_cast<int>(v.at("api").as_int64());
      admin_port_ = static_cast<int>(v.at("admin").as_int64());
      const int probe = api_port_ != 0 ? api_port_ : admin_port_;
      try {
        if (HttpClient(probe).call("GET", "/healthz").status == 200) return;
      } catch (const std::exception&) {
        // not accepting yet
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("soomcare did not become healthy: " + log());
}

int ServerProcess::terminate_and_wait() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  const int rc = wait_exit(pid_);
  pid_ = -1;
  return rc;
}

void ServerProcess::kill9() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  wait_exit(pid_);
  pid_ = -1;
}

std::string ServerProcess::log() const { return read_file(var_dir_ + "/server.log"); }

TestServer::TestServer(ServerProcess::Options options)
    : database_(std::make_unique<db::testing::TempDatabase>(engine_under_test())) {
  process_ = std::make_unique<ServerProcess>(database_->url(), std::move(options));
  process_->start();
}

}  // namespace soom::testing
