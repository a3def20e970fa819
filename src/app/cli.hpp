#pragma once

namespace soom::app {

// Entry point of the `soomcare` binary; returns the process exit code.
int run_cli(int argc, char** argv);

}  // namespace soom::app
