// slipway-sandbox: starts a job sandbox the way bubblewrap does, for a server running as root,
// at about a third of bubblewrap's cost: it takes the subset of bubblewrap's options the server
// passes, with their meaning, and builds the new root with Linux's mount API (layout.c).
//
// Usage: slipway-sandbox [OPTION...] -- COMMAND [ARG...]
//        slipway-sandbox --features
// Options, applied in order, each as bubblewrap's of the same name:
//   --ro-bind SRC DEST   bind SRC read-only (nosuid, nodev) at DEST, with its submounts
//   --bind SRC DEST      bind SRC writable (nosuid, nodev)
//   --dev-bind SRC DEST  bind SRC writable with its device nodes usable (nosuid)
//   --symlink TARGET DEST, --proc DEST, --dir DEST, --tmpfs DEST (nosuid, nodev)
//   --perms OCTAL        the mode of the next --dir or --tmpfs (default 0755)
//   --unshare-pid, --unshare-ipc, --unshare-uts, --hostname NAME, --chdir DIR, --die-with-parent
//   --as-init            what follows -- is not a command but slipway-sandbox-init's options and
//                        command: the init's code runs in the sandbox's command process, saving
//                        its program's start (no bind of it either)
// A DEST is absolute, without "." or ".." components; the new root's tmpfs is read-only.
// Processes: this one stays outside, waits and exits with the sandbox's status (128 + the
// signal when killed); its child builds the root, and with --unshare-pid is the new PID
// namespace's first process, which reaps orphans and exits when COMMAND (its one child) does,
// which ends every process left in the sandbox. With --die-with-parent each dies with its parent.
// Both children start in this process's memory (clone with CLONE_VM, not fork), as posix_spawn
// does: copying and later freeing an address space for each was a tenth of a sandbox's cost. The
// first child runs on a stack of its own while this process only waits for it; the command's
// process holds its parent (which only waits too) until it executes the command (CLONE_VFORK).
// Nothing of the job's runs in that memory: until it executes the job's program, which gets
// memory of its own, the command's process runs only this program's code (the init's: limits,
// the drop to the job user, the script file).
// Capabilities are left as they are: the command (slipway-sandbox-init) drops to the job user.
// A failure to build the sandbox exits with status 1 and a message on stderr, as bubblewrap.
// --features prints "mount-api as-init" and the init's features, and exits 0, when this machine
// and user can build sandboxes this way; otherwise it says why on stderr and exits 1 (the server
// then runs bubblewrap).
#define _GNU_SOURCE
#include "sandbox.h"
#include "sandbox_init.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

void fail(const char *what, const char *path) {
    fprintf(stderr, "slipway-sandbox: %s%s%s: %s\n", what, path ? " " : "", path ? path : "", strerror(errno));
    _exit(1);
}

void refuse(const char *problem, const char *detail) {
    fprintf(stderr, "slipway-sandbox: %s%s%s\n", problem, detail ? " " : "", detail ? detail : "");
    _exit(1);
}

/// An absolute path with no empty, "." or ".." component and no trailing slash ("/" itself is refused).
static const char *inside_path(const char *path) {
    if (path == NULL || path[0] != '/' || path[1] == '\0') refuse("not an absolute path below /:", path ? path : "(missing)");
    for (const char *component = path + 1; component != NULL;) {
        const char *slash = strchr(component, '/');
        size_t length = slash ? (size_t)(slash - component) : strlen(component);
        if (length == 0 || (length == 1 && component[0] == '.') || (length == 2 && strncmp(component, "..", 2) == 0)) {
            refuse("not a plain absolute path:", path);
        }
        component = slash ? slash + 1 : NULL;
    }
    return path;
}

static mode_t octal(const char *text) {
    char *end = NULL;
    errno = 0;
    unsigned long value = text ? strtoul(text, &end, 8) : 0;
    if (text == NULL || *text == '\0' || *end != '\0' || errno != 0 || value > 07777) refuse("--perms takes an octal mode:", text);
    return (mode_t)value;
}

/// The plan the options give; exits on one it does not take.
static struct plan parse(int argc, char **argv) {
    struct plan plan = {0};
    plan.steps = calloc((size_t)argc, sizeof(struct step));
    if (plan.steps == NULL) fail("reading the options", NULL);
    mode_t perms = 0;
    int index = 1;
    for (; index < argc && strcmp(argv[index], "--") != 0; index++) {
        const char *option = argv[index];
        const char *first = index + 1 < argc ? argv[index + 1] : NULL;
        const char *second = index + 2 < argc ? argv[index + 2] : NULL;
        struct step step = {.source = NULL, .destination = NULL, .mode = perms ? perms : 0755, .tree = -1};
        int takes = 1;
        if (strcmp(option, "--ro-bind") == 0 || strcmp(option, "--bind") == 0 || strcmp(option, "--dev-bind") == 0 ||
            strcmp(option, "--symlink") == 0) {
            step.kind = option[2] == 'r' ? STEP_BIND_READ_ONLY
                : option[2] == 'b'       ? STEP_BIND
                : option[2] == 'd'       ? STEP_BIND_DEVICES
                                         : STEP_SYMLINK;
            if (first == NULL || *first == '\0') refuse("missing source for", option);
            step.source = first;
            step.destination = inside_path(second);
            takes = 2;
        } else if (strcmp(option, "--proc") == 0 || strcmp(option, "--dir") == 0 || strcmp(option, "--tmpfs") == 0) {
            step.kind = option[2] == 'p' ? STEP_PROC : option[2] == 'd' ? STEP_DIRECTORY : STEP_TMPFS;
            step.destination = inside_path(first);
        } else {
            if (perms != 0) refuse("--perms applies to --dir or --tmpfs, not", option);
            if (strcmp(option, "--perms") == 0) {
                perms = octal(first);
                index++;
            } else if (strcmp(option, "--hostname") == 0 || strcmp(option, "--chdir") == 0) {
                if (first == NULL) refuse("missing value for", option);
                if (option[2] == 'h') plan.hostname = first; else plan.directory = first;
                index++;
            } else if (strcmp(option, "--unshare-pid") == 0) {
                plan.new_pid = 1;
            } else if (strcmp(option, "--unshare-ipc") == 0) {
                plan.new_ipc = 1;
            } else if (strcmp(option, "--unshare-uts") == 0) {
                plan.new_uts = 1;
            } else if (strcmp(option, "--die-with-parent") == 0) {
                plan.die_with_parent = 1;
            } else if (strcmp(option, "--as-init") == 0) {
                plan.as_init = 1;
            } else {
                refuse("unknown option (run bubblewrap for it):", option);
            }
            continue;
        }
        if (perms != 0 && step.kind != STEP_DIRECTORY && step.kind != STEP_TMPFS) refuse("--perms applies to --dir or --tmpfs, not", option);
        perms = 0;
        plan.steps[plan.count++] = step;
        index += takes;
    }
    if (perms != 0) refuse("--perms applies to nothing", NULL);
    if (plan.hostname != NULL && !plan.new_uts) refuse("--hostname needs --unshare-uts", NULL);
    if (index + 1 >= argc) refuse("no command after --", NULL);
    plan.command = &argv[index + 1];
    plan.command_count = argc - index - 1;
    return plan;
}

/// Wait for `child`; its exit status, or 128 + the signal that ended it.
static int status_of(pid_t child) {
    int status = 0;
    while (waitpid(child, &status, 0) < 0) {
        if (errno != EINTR) fail("waiting for the sandbox", NULL);
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/// Die with the parent; `lifeline` is the read end of a pipe only the parent writes to, which
/// reports a hang-up when the parent has already gone.
static void die_with_parent(int lifeline) {
    if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0) fail("setting the parent-death signal", NULL);
    struct pollfd check = {.fd = lifeline, .events = POLLIN};
    if (poll(&check, 1, 0) != 0) _exit(1);
}

/// Become the sandbox's command: the init with its options (--as-init), or the program named.
static void run_command(struct plan *plan) {
    // The init reads its options from index 1; the "--" before them stands in for its name.
    if (plan->as_init) exit(sandbox_init_main(plan->command_count + 1, plan->command - 1));
    execvp(plan->command[0], plan->command);
    fprintf(stderr, "slipway-sandbox: cannot run %s: %s\n", plan->command[0], strerror(errno));
    _exit(127);
}

/// A child started in this process's memory gets a stack of a process's usual size (glibc's
/// execvp may put an array of every argument there), with a guard below it that nothing may
/// touch: running off its end faults instead of writing into memory the other processes use.
/// Untouched pages of either cost nothing.
#define CHILD_STACK_SIZE (8u << 20)
#define CHILD_STACK_GUARD (1u << 20)

/// Start `body(argument)` in a child process that shares this one's memory, on a stack of its
/// own (with SIGCHLD at its end, as a forked child); with `hold`, this process waits until the
/// child has executed a program or exited. Returns the child's pid, or -1.
static pid_t start_in_memory(int (*body)(void *), void *argument, int hold) {
    char *base = mmap(NULL, CHILD_STACK_GUARD + CHILD_STACK_SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base == MAP_FAILED || mprotect(base + CHILD_STACK_GUARD, CHILD_STACK_SIZE, PROT_READ | PROT_WRITE) != 0) return -1;
    char *top = base + CHILD_STACK_GUARD + CHILD_STACK_SIZE;
    return clone(body, top, CLONE_VM | (hold ? CLONE_VFORK : 0) | SIGCHLD, argument);
}

static int command_process(void *plan) {
    run_command(plan);
    return 127;
}

/// The new PID namespace's first process: run the command as its child, reap every orphan, and
/// exit with the command's status when it ends (the kernel then ends the rest).
static void be_first_process(struct plan *plan) {
    char **command = plan->command;
    pid_t child = start_in_memory(command_process, plan, 1);
    if (child < 0) fail("starting the command", command[0]);
    close(STDIN_FILENO);
    for (;;) {
        int status = 0;
        pid_t ended = wait(&status);
        if (ended < 0 && errno == EINTR) continue;
        if (ended < 0) fail("waiting for the command", command[0]);
        if (ended == child) _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    }
}

static int features(void) {
    pid_t child = fork();
    if (child < 0) fail("probing", NULL);
    if (child == 0) {
        const char *what = "entering a new mount namespace";
        int problem = unshare(CLONE_NEWNS) == 0 ? probe_mount_api(&what) : errno;
        if (problem != 0) fprintf(stderr, "slipway-sandbox: cannot build sandboxes here: %s: %s\n", what, strerror(problem));
        _exit(problem == 0 ? 0 : 1);
    }
    if (status_of(child) != 0) return 1;
    printf("mount-api as-init %s\n", SANDBOX_INIT_FEATURES);
    return 0;
}

/// What the sandbox's first process starts with: the plan, and the lifeline pipe's two ends.
struct sandbox_start {
    struct plan *plan;
    int lifeline[2];
};

/// The sandbox's first process: new namespaces, the new root, then the command (under a first
/// process of a new PID namespace with --unshare-pid).
static int sandbox_process(void *argument) {
    struct sandbox_start *start = argument;
    struct plan plan = *start->plan;
    close(start->lifeline[1]);
    if (plan.die_with_parent) die_with_parent(start->lifeline[0]);
    close(start->lifeline[0]);
    int namespaces = CLONE_NEWNS | (plan.new_ipc ? CLONE_NEWIPC : 0) | (plan.new_uts ? CLONE_NEWUTS : 0);
    if (unshare(namespaces) != 0) fail("cannot make the namespaces", NULL);
    mode_t mask = umask(0);
    build_root(&plan);
    umask(mask);
    if (plan.hostname != NULL && sethostname(plan.hostname, strlen(plan.hostname)) != 0) fail("cannot set the host name", plan.hostname);
    if (plan.new_pid) be_first_process(&plan);
    run_command(&plan);
    return 127;
}

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "--features") == 0) return features();
    struct plan plan = parse(argc, argv);
    if (plan.die_with_parent && prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0) fail("setting the parent-death signal", NULL);
    struct sandbox_start start = {.plan = &plan};
    if (pipe2(start.lifeline, O_CLOEXEC) != 0) fail("making a pipe", NULL);
    if (plan.new_pid && unshare(CLONE_NEWPID) != 0) fail("cannot make a PID namespace", NULL);
    pid_t child = start_in_memory(sandbox_process, &start, 0);
    if (child < 0) fail("cannot start the sandbox", NULL);
    // The child has a descriptor table of its own: these closes are this process's alone. From
    // here on this process touches no memory the child uses (it waits, then exits at once).
    close(start.lifeline[0]);
    close(STDIN_FILENO);
    _exit(status_of(child));
}
