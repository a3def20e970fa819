// The `soomcare` command line (CLI11). Each subcommand is a small function; the
// settings table in core/config.cpp drives every --<setting> flag and `--help`.
#include "app/cli.hpp"

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <fstream>
#include <iostream>

#include "app/openapi.hpp"
#include "app/runtime.hpp"
#include "app/serve.hpp"
#include "db/migrations.hpp"

namespace soom::app {
namespace {

struct GlobalOptions {
  std::string config_file;
  std::vector<std::string> sets;                  // --set key=value
  std::map<std::string, std::string> flag_values;  // --<setting> value
};

void add_setting_flags(CLI::App& cmd, GlobalOptions& g, const ConfigLoader& loader) {
  cmd.add_option("-c,--config", g.config_file, "TOML configuration file");
  cmd.add_option("--set", g.sets, "override a setting: --set server.api_port=9000 (repeatable)");
  for (const auto& s : loader.settings()) {
    auto* opt = cmd.add_option_function<std::string>(
        "--" + s.key, [&g, key = s.key](const std::string& v) { g.flag_values[key] = v; },
        s.help + " [env " + s.env_name() + ", default: " + (s.default_value.empty() ? "\"\"" : s.default_value) + "]");
    opt->group("Settings");
  }
}

Config load_config(const GlobalOptions& g, const ConfigLoader& loader) {
  Config config;
  auto check = [](const Status& s) {
    if (!s) throw std::runtime_error(s.error().public_message);
  };
  if (!g.config_file.empty()) check(loader.apply_toml_file(config, g.config_file));
  check(loader.apply_env(config, ConfigLoader::process_env()));
  for (const auto& kv : g.sets) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos) throw std::runtime_error("--set expects KEY=VALUE, got " + kv);
    check(loader.apply(config, kv.substr(0, eq), kv.substr(eq + 1)));
  }
  for (const auto& [k, v] : g.flag_values) check(loader.apply(config, k, v));
  return config;
}

void setup_logging(const Config& config) {
  auto logger = spdlog::stderr_logger_mt("soomcare");
  logger->set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","msg":"%v"})", spdlog::pattern_time_type::utc);
  logger->set_level(spdlog::level::from_str(config.log.level));
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
}

int cmd_migrate(const Config& config, std::optional<int> to, bool status_only) {
  auto db = db::open_database(db::OpenOptions{config.database.url, 1, config.database.busy_timeout_ms});
  db::Migrator migrator(*db, db::embedded_migrations(db->engine()));
  auto status = migrator.status();
  if (status_only) {
    for (const auto& m : status.available) {
      const bool applied = std::any_of(status.applied.begin(), status.applied.end(),
                                       [&](const auto& a) { return a.version == m.version; });
      const bool edited = std::find(status.checksum_mismatch.begin(), status.checksum_mismatch.end(), m.version) !=
                          status.checksum_mismatch.end();
      std::cout << (edited ? "EDITED " : applied ? "applied" : "pending") << "  " << m.version << "  " << m.name << "\n";
    }
    for (int v : status.unknown_applied) std::cout << "unknown  " << v << "  (applied, not in this binary)\n";
    return status.current() ? 0 : 3;
  }
  auto applied = migrator.migrate(to);
  if (!applied) {
    std::cerr << "migrate failed: " << applied.error().internal_message << applied.error().public_message << "\n";
    return 1;
  }
  std::cout << "applied " << applied->size() << " migration(s); schema is at the latest version\n";
  return 0;
}

int cmd_create_admin(const Config& config, const std::string& email, std::string password, const std::string& nickname,
                     const std::string& role) {
  if (password.empty()) {
    if (const char* env = std::getenv("SOOMCARE_ADMIN_PASSWORD")) password = env;
  }
  if (password.empty() && isatty(STDIN_FILENO) == 0) std::getline(std::cin, password);
  if (password.empty()) {
    std::cerr << "give the password with --password, SOOMCARE_ADMIN_PASSWORD or on standard input\n";
    return 2;
  }
  auto rt = build_runtime(config);
  if (auto state = schema_state(*rt->db); state != "ok") {
    std::cerr << "database not ready: " << state << "\n";
    return 1;
  }
  auto result = rt->identity->create_staff(email, password, nickname, role);
  if (!result) {
    std::cerr << "failed: " << result.error().public_message << "\n";
    for (const auto& f : result.error().fields) std::cerr << "  " << f.field << ": " << f.message << "\n";
    return 1;
  }
  std::cout << "user " << result->id << " <" << result->email << "> has role " << result->role << "\n";
  return 0;
}

// Loads content/articles/*.md (contract: content/README.md): validates every file first,
// then upserts by slug and publishes. Idempotent, so `make run` calls it on every start.
int cmd_seed_content(const Config& config, const std::string& dir) {
  auto files = content::load_article_files(dir);
  if (!files) {
    std::cerr << "seed content failed: " << files.error().public_message << "\n";
    return 1;
  }
  auto rt = build_runtime(config);
  if (auto state = schema_state(*rt->db); state != "ok") {
    std::cerr << "database not ready: " << state << "\n";
    return 1;
  }
  auto report = rt->content->seed(*files);
  if (!report) {
    std::cerr << "seed content failed: " << report.error().public_message << "\n";
    return 1;
  }
  std::cout << "articles: " << report->created << " created, " << report->revised << " revised, "
            << report->unchanged << " unchanged\n";
  return 0;
}

// Rebuilds the search index from content and community into a new generation while the
// old one keeps serving, then swaps (docs/search.md). Safe to run next to a live server.
int cmd_search_reindex(const Config& config) {
  auto rt = build_runtime(config);
  if (auto state = schema_state(*rt->db); state != "ok") {
    std::cerr << "database not ready: " << state << "\n";
    return 1;
  }
  auto stats = rt->search->reindex(*rt->search_source);
  if (!stats) {
    std::cerr << "search reindex failed: " << stats.error().public_message << " " << stats.error().internal_message
              << "\n";
    return 1;
  }
  const double rate = stats->seconds > 0 ? static_cast<double>(stats->documents) / stats->seconds : 0.0;
  std::cout << "search index generation " << stats->generation << ": " << stats->documents << " docs in "
            << stats->seconds << " s (" << static_cast<std::int64_t>(rate) << " docs/s)\n";
  return 0;
}

}  // namespace

int run_cli(int argc, char** argv) {
  ConfigLoader loader;
  CLI::App app{"SoomCare (숨케어) — asthma self-management backend"};
  app.require_subcommand(1);
  GlobalOptions g;

  auto* serve = app.add_subcommand("serve", "all-in-one: API + back-office listeners + background workers");
  auto* api = app.add_subcommand("api", "public API listener only (stateless, scale out)");
  auto* admin = app.add_subcommand("admin", "back-office listener only");
  auto* worker = app.add_subcommand("worker", "background workers only (outbox dispatcher; leases allow several)");
  auto* migrate = app.add_subcommand("migrate", "apply database migrations");
  std::optional<int> migrate_to;
  bool migrate_status = false;
  migrate->add_option("--to", migrate_to, "apply up to this version");
  migrate->add_flag("--status", migrate_status, "list applied/pending migrations; exit 3 when not current");
  auto* user = app.add_subcommand("user", "user administration");
  user->require_subcommand(1);
  auto* create_admin = user->add_subcommand("create-admin", "create a staff account or change an existing user's role");
  std::string email, password, nickname = "관리자", role = "admin";
  create_admin->add_option("--email", email, "e-mail address")->required();
  create_admin->add_option("--password", password, "password (or SOOMCARE_ADMIN_PASSWORD, or stdin)");
  create_admin->add_option("--nickname", nickname, "nickname")->capture_default_str();
  create_admin->add_option("--role", role, "admin | moderator | content_editor")->capture_default_str();
  auto* openapi = app.add_subcommand("openapi", "print the OpenAPI 3.1 document");
  std::string check_dir;
  openapi->add_option("--check-examples", check_dir,
                      "compare docs examples with responses captured by tests in DIR; exit 1 on drift");
  auto* version = app.add_subcommand("version", "print the version");
  auto* seed = app.add_subcommand("seed", "load shipped seed data");
  seed->require_subcommand(1);
  auto* seed_content = seed->add_subcommand("content", "load content/articles/*.md (idempotent; publishes changes)");
  std::string seed_dir = "content/articles";
  seed_content->add_option("--dir", seed_dir, "directory of NN-slug.md article files")->capture_default_str();
  add_setting_flags(*seed_content, g, loader);
  auto* search = app.add_subcommand("search", "search index maintenance");
  search->require_subcommand(1);
  auto* search_reindex = search->add_subcommand("reindex", "rebuild the search index from articles and posts");
  add_setting_flags(*search_reindex, g, loader);
  for (auto* cmd : {serve, api, admin, worker, migrate, create_admin, openapi}) add_setting_flags(*cmd, g, loader);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    if (version->parsed()) {
      std::cout << "soomcare " << PROJECT_VERSION_STRING << "\n";
      return 0;
    }
    const Config config = load_config(g, loader);
    setup_logging(config);
    if (migrate->parsed()) return cmd_migrate(config, migrate_to, migrate_status);
    if (create_admin->parsed()) return cmd_create_admin(config, email, password, nickname, role);
    if (openapi->parsed()) return cmd_openapi(config, check_dir);
    if (seed_content->parsed()) return cmd_seed_content(config, seed_dir);
    if (search_reindex->parsed()) return cmd_search_reindex(config);
    if (worker->parsed()) return run_workers(config);
    ServeMode mode = serve->parsed() ? ServeMode::kAll : api->parsed() ? ServeMode::kApi : ServeMode::kAdmin;
    return run_server(config, mode);
  } catch (const std::exception& e) {
    std::cerr << "soomcare: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace soom::app
