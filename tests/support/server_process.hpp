#pragma once
// Starts the real `soomcare` binary (env SOOMCARE_BIN) on ephemeral ports against
// a fresh database, for integration tests that speak HTTP to it.
#include <sys/types.h>

#include <map>
#include <memory>
#include <string>

#include "db/db.hpp"
#include "db/testing/temp_database.hpp"
#include "support/http_client.hpp"

namespace soom::testing {

// Engine for this test process: env SOOMCARE_TEST_ENGINE=sqlite|postgres (default sqlite).
db::Engine engine_under_test();

class ServerProcess final {
 public:
  struct Options {
    std::string subcommand = "serve";
    std::map<std::string, std::string> env;  // extra SOOMCARE_* settings
    bool migrate = true;
  };
  // Uses a caller-provided database URL (shared with other processes/restarts).
  ServerProcess(std::string database_url, Options options);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  void start();                    // spawns and waits until /healthz answers
  int terminate_and_wait();        // SIGTERM; returns the exit status
  void kill9();                    // SIGKILL, no cleanup
  bool running() const { return pid_ > 0; }
  int api_port() const { return api_port_; }
  int admin_port() const { return admin_port_; }
  HttpClient api() const { return HttpClient(api_port_); }
  HttpClient admin() const { return HttpClient(admin_port_); }
  const std::string& var_dir() const { return var_dir_; }
  const std::string& database_url() const { return database_url_; }
  std::string log() const;  // stderr of the process so far
  // Runs `soomcare <args>` to completion with this server's configuration; returns exit code.
  int run_command(const std::string& args, std::string* output = nullptr) const;

 private:
  std::map<std::string, std::string> environment() const;
  std::string database_url_;
  Options options_;
  std::string var_dir_;
  pid_t pid_ = -1;
  int api_port_ = 0;
  int admin_port_ = 0;
};

// A fresh database plus a started server: the usual fixture.
class TestServer final {
 public:
  explicit TestServer(ServerProcess::Options options = {});
  ServerProcess& process() { return *process_; }
  HttpClient api() const { return process_->api(); }
  HttpClient admin() const { return process_->admin(); }
  const std::string& database_url() const { return database_->url(); }

 private:
  std::unique_ptr<db::testing::TempDatabase> database_;
  std::unique_ptr<ServerProcess> process_;
};

}  // namespace soom::testing
