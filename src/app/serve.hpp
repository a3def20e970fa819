#pragma once
#include <string>

#include "core/config.hpp"

namespace soom::app {

enum class ServeMode { kAll, kApi, kAdmin };

// Runs the listeners (and, for kAll, the background workers) until SIGINT/SIGTERM.
int run_server(const Config& config, ServeMode mode);
// Runs only the background workers until SIGINT/SIGTERM.
int run_workers(const Config& config);
// Prints the OpenAPI document, or checks captured examples against it.
int cmd_openapi(Config config, const std::string& check_examples_dir);

}  // namespace soom::app
