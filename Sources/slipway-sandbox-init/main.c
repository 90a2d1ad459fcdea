// slipway-sandbox-init: the program bubblewrap runs inside a job's sandbox (the code, and its
// usage, are in Sources/SlipwaySandboxInit/init.c; slipway-sandbox runs the same code in-process).
#include "sandbox_init.h"

int main(int argc, char **argv) { return sandbox_init_main(argc, argv); }
