// slipway-sandbox: the job sandbox's launcher on Linux's mount API. See main.c for its usage.
#ifndef SLIPWAY_SANDBOX_H
#define SLIPWAY_SANDBOX_H

#include <sys/types.h>

/// What one option puts into the new root, in the order given.
enum step_kind {
    STEP_BIND_READ_ONLY,  // --ro-bind SOURCE DEST
    STEP_BIND,            // --bind SOURCE DEST
    STEP_BIND_DEVICES,    // --dev-bind SOURCE DEST
    STEP_SYMLINK,         // --symlink TARGET DEST
    STEP_PROC,            // --proc DEST
    STEP_DIRECTORY,       // --dir DEST
    STEP_TMPFS,           // --tmpfs DEST
};

struct step {
    enum step_kind kind;
    /// The host path bound, or the link's target; NULL for the others.
    const char *source;
    /// An absolute path inside the sandbox, without "." or ".." components.
    const char *destination;
    /// The mode of a directory or tmpfs (--perms before it, else 0755).
    mode_t mode;
    /// The detached copy of a bind's source tree (cloned before the new root exists); -1 before.
    int tree;
};

/// Everything the options say.
struct plan {
    struct step *steps;
    int count;
    const char *hostname;
    const char *directory;
    int new_pid;
    int new_ipc;
    int new_uts;
    int die_with_parent;
    /// Whether the command is the init's options and command, run in-process (--as-init).
    int as_init;
    /// The command and its arguments, NULL-terminated, and their number.
    char **command;
    int command_count;
};

/// Print "slipway-sandbox: WHAT[ PATH]: <errno's text>" and exit with status 1.
void fail(const char *what, const char *path) __attribute__((noreturn));
/// Print "slipway-sandbox: PROBLEM" and exit with status 1.
void refuse(const char *problem, const char *detail) __attribute__((noreturn));

/// Build the new root as `plan` says and make it the process's root, with its working directory
/// set. Runs in the new mount namespace (and, for /proc, as the new PID namespace's first process).
void build_root(struct plan *plan);

/// Whether this kernel and this process can build a root (root user, mount API present and
/// allowed): 0 when they can, else an errno and `*what` names the step that failed.
int probe_mount_api(const char **what);

#endif
