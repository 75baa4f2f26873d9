// The thin entry point of `takt`; everything lives in the takt_app library.
#include "app/cli.hpp"

int main(int argc, char** argv) { return takt::app::RunCli(argc, argv); }
