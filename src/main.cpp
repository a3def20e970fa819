#include "app/cli.hpp"

int main(int argc, char** argv) { return soom::app::run_cli(argc, argv); }
