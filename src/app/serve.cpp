#include "app/serve.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/openapi.hpp"
#include "app/runtime.hpp"
#include "app/workers.hpp"
#include "http/pipeline.hpp"
#include "http/server.hpp"
#include "observability/access_log.hpp"
#include "observability/metrics.hpp"

namespace soom::app {
namespace {

std::vector<std::string> split_origins(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

void write_port_file(const std::string& path, int api_port, int admin_port) {
  const auto tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << "{\"api\":" << api_port << ",\"admin\":" << admin_port << "}\n";
  }
  std::filesystem::rename(tmp, path);  // atomic: readers never see half a file
}

}  // namespace

int run_server(const Config& config, ServeMode mode) {
  auto rt = build_runtime(config);
  if (auto state = schema_state(*rt->db); state != "ok") {
    spdlog::error("refusing to start: {}", state);
    std::cerr << "soomcare: database schema is not current: " << state << "\n";
    return 1;
  }
  http::ServerLimits limits;
  limits.body_limit = static_cast<std::size_t>(config.server.body_limit);
  limits.header_limit = static_cast<std::size_t>(config.server.header_limit);
  limits.header_timeout_ms = config.server.header_timeout_ms;
  limits.body_timeout_ms = config.server.body_timeout_ms;
  limits.idle_timeout_ms = config.server.idle_timeout_ms;
  limits.max_connections = config.server.max_connections;
  limits.drain_timeout_ms = config.server.drain_timeout_ms;
  http::Server server(limits, config.server.threads, config.server.worker_threads);

  std::vector<std::shared_ptr<http::RequestObserver>> observers{rt->metrics};
  if (config.log.access_log) {
    // Access lines are complete JSON documents already: log them verbatim.
    auto access = spdlog::get("access");
    if (!access) {
      access = spdlog::stderr_logger_mt("access");
      access->set_pattern("%v");
      access->flush_on(spdlog::level::info);
    }
    observers.push_back(std::make_shared<observability::AccessLog>(access, rt->clock));
  }
  auto verifier = identity::make_token_verifier(rt->identity);

  int api_port = 0;
  int admin_port = 0;
  if (mode != ServeMode::kAdmin) {
    auto router = build_api_router(*rt);
    auto pipeline = std::make_shared<http::Pipeline>(
        http::PipelineOptions{"api", split_origins(config.server.cors_origins)}, router, verifier, observers);
    // Routes may raise the body limit for themselves (image uploads) or run inline (health).
    api_port = server.add_listener(
        "api", config.server.api_host, config.server.api_port,
        [pipeline](http::Request& r) { return pipeline->handle(r); },
        [router](http::Method method, std::string_view path) { return router->policy(method, path); });
  }
  if (mode != ServeMode::kApi) {
    auto router = build_admin_router(*rt);
    auto pipeline =
        std::make_shared<http::Pipeline>(http::PipelineOptions{"admin", {}}, router, verifier, observers);
    admin_port = server.add_listener(
        "admin", config.server.admin_host, config.server.admin_port,
        [pipeline](http::Request& r) { return pipeline->handle(r); },
        [router](http::Method method, std::string_view path) { return router->policy(method, path); });
  }
  std::unique_ptr<Workers> workers;
  if (mode == ServeMode::kAll) {
    workers = std::make_unique<Workers>(*rt);
    workers->start();
    // Workers stop after the listeners drained, so in-flight requests still see them.
    server.on_shutdown([&workers] { workers->stop(); });
  }
  // Post views counted in memory since the last write (community ViewBuffer), after the
  // listeners drained and the workers stopped.
  server.on_shutdown([&rt] {
    try {
      (void)rt->community->flush_views();
    } catch (const std::exception& e) {
      spdlog::warn("post views not written at shutdown: {}", e.what());
    }
  });
  if (!config.server.port_file.empty()) write_port_file(config.server.port_file, api_port, admin_port);
  if (api_port != 0) {
    spdlog::info("API listening on http://{}:{} (docs: /docs)", config.server.api_host, api_port);
  }
  if (admin_port != 0) spdlog::info("back-office listening on http://{}:{}", config.server.admin_host, admin_port);
  server.run(true);
  spdlog::info("shut down cleanly");
  spdlog::default_logger()->flush();
  return 0;
}

int run_workers(const Config& config) {
  auto rt = build_runtime(config);
  if (auto state = schema_state(*rt->db); state != "ok") {
    std::cerr << "soomcare: database schema is not current: " << state << "\n";
    return 1;
  }
  // Block SIGINT/SIGTERM in every thread and wait for them here.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  Workers workers(*rt);
  workers.start();
  spdlog::info("worker running (outbox dispatcher); stop with SIGTERM");
  int received = 0;
  sigwait(&signals, &received);
  spdlog::info("received signal {}, stopping workers", received);
  workers.stop();
  return 0;
}

int cmd_openapi(Config config, const std::string& check_dir) {
  // The document does not depend on data: build the routers over a scratch database.
  config.database.url = "sqlite::memory:";
  config.cache.redis_url.clear();
  config.auth.jwt_secret = std::string(48, 'x');
  auto rt = build_runtime(config);
  auto api = build_api_router(*rt);
  auto admin = build_admin_router(*rt);
  const std::vector<ApiSurface> surfaces{{api.get(), "/", "api"}, {admin.get(), "http://127.0.0.1:8081", "admin"}};
  if (check_dir.empty()) {
    std::cout << boost::json::serialize(build_openapi(surfaces, embedded_examples())) << "\n";
    return 0;
  }
  // Captured responses: one JSON file per (method, route, status) written by the integration tests.
  std::map<std::string, std::vector<boost::json::value>> captured;
  for (const auto& entry : std::filesystem::directory_iterator(check_dir)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    std::stringstream ss;
    ss << in.rdbuf();
    auto v = boost::json::parse(ss.str());
    captured[std::string(v.at("key").as_string())].push_back(v.at("body"));
  }
  const auto doc = build_openapi(surfaces, {});
  int problems = 0;
  std::size_t responses = 0;
  for (const auto& [key, bodies] : captured) {
   for (const auto& body : bodies) {
    ++responses;
    std::istringstream parts{key};
    std::string method, route;
    int status = 0;
    parts >> method >> route >> status;
    bool documented = false;
    for (const auto& s : surfaces) {
      for (const auto& r : s.router->routes()) {
        if (http::to_string(r.method) != method || r.pattern != route) continue;
        for (const auto& [st, schema] : r.doc.responses) {
          if (st != status) continue;
          documented = true;
          if (schema.empty()) continue;
          const auto& required = component_schemas().at(schema).at("required").as_array();
          for (const auto& field : required) {
            if (!body.is_object() || !body.as_object().contains(field.as_string())) {
              std::cerr << "captured " << key << " lacks required field " << field.as_string() << " of " << schema
                        << "\n";
              ++problems;
            }
          }
        }
      }
    }
    if (!documented) {
      std::cerr << "undocumented response: " << key << "\n";
      ++problems;
    }
   }
  }
  for (const auto& [key, example] : embedded_examples()) {
    auto it = captured.find(std::string(key));
    if (it == captured.end()) {
      std::cerr << "docs example " << key << " was not produced by any passing test\n";
      ++problems;
    } else if (std::none_of(it->second.begin(), it->second.end(),
                            [&](const boost::json::value& real) { return same_shape(example, real); })) {
      std::cerr << "docs example " << key << " differs in shape from the real response (run make api-examples)\n";
      ++problems;
    }
  }
  (void)doc;
  std::cout << responses << " captured responses checked, " << problems << " problem(s)\n";
  return problems == 0 ? 0 : 1;
}

}  // namespace soom::app
