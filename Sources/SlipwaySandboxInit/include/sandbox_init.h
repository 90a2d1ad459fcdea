// The job sandbox's last step: limits, the drop to the job user, then the command (init.c).
#ifndef SLIPWAY_SANDBOX_INIT_H
#define SLIPWAY_SANDBOX_INIT_H

/// What the init takes, as `--features` prints it.
#define SANDBOX_INIT_FEATURES "command-stdin script"

/// slipway-sandbox-init's whole program, given its command line (argv[0] is not read). Returns
/// only with --features; otherwise it executes the command or exits 127.
int sandbox_init_main(int argc, char **argv);

#endif
