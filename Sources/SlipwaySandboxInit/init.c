// slipway-sandbox-init: the last step into a job sandbox, run by bubblewrap inside the new
// namespaces (or, in-process, by slipway-sandbox's --as-init). It applies the job's resource limits, drops to the unprivileged job user with no
// capabilities and no way to regain privileges, then executes the job's command. It replaces a
// chain of util-linux `prlimit` and `setpriv`, which cost two dynamically linked executions per
// job process.
//
// Usage: slipway-sandbox-init [--nproc N] [--data BYTES] [--user UID:GID] -- COMMAND [ARG...]
//        slipway-sandbox-init [--nproc N] [--data BYTES] [--user UID:GID] --command-stdin
//        slipway-sandbox-init --features
// Core dumps are always off. Exit code 127 (with a message on stderr) when a step fails.
//
// With --command-stdin the command arrives later, on standard input, which lets the server make
// a sandbox ahead of need (its mounts cost most of a job's start) and hand it the job's command
// when the job starts. Standard input then holds, each string ending in a NUL byte:
//   "slipway-command-1", the length in bytes of the rest, then the rest: the working
//   directory, the argument count, the arguments, the variable count, then each variable as
//   NAME=VALUE.
// The rest is at most 8 MiB, and is read to its length (not to the end of the input). Once it is read, standard input is /dev/null; the command
// gets exactly those variables, and changes to its directory as the job user.
// A block whose magic is "slipway-command-2" also carries a script, after the variables: its
// file name (no '/'), its length in bytes, then its bytes as they are (no NUL after them). As
// the job user, the script is written to a new file of that name in the sandbox's private /tmp
// (owner-only), whose path becomes the command's last argument. The server then never writes
// a job's script into the job directory on the host (making and removing a file there per job
// was much of a short job's cost on a file system that scans past recently freed inodes).
// --features prints what this program takes ("command-stdin script") and exits.
//
// Variables the dynamic loader acts on (LD_PRELOAD, ...) must not reach bubblewrap, which runs
// with the server's privileges; the server passes them as SLIPWAY_SANDBOX_ENV_<NAME>, and they
// get their own names back here, after the privileges are gone, just before the command runs.

#define _GNU_SOURCE
#include "sandbox_init.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

static void fail(const char *what) {
    fprintf(stderr, "slipway-sandbox-init: %s: %s\n", what, strerror(errno));
    exit(127);
}

static void usage(const char *problem) {
    fprintf(stderr, "slipway-sandbox-init: %s\n", problem);
    exit(127);
}

/// A decimal number that fits in an unsigned 64-bit value, or exit.
static unsigned long long number(const char *text) {
    if (text == NULL || *text == '\0') usage("missing number");
    char *end = NULL;
    errno = 0;
    unsigned long long value = strtoull(text, &end, 10);
    if (errno != 0 || *end != '\0' || text[0] == '-') usage("bad number");
    return value;
}

static void limit(int resource, unsigned long long value, const char *name) {
    struct rlimit rl = {.rlim_cur = (rlim_t)value, .rlim_max = (rlim_t)value};
    if (setrlimit(resource, &rl) != 0) fail(name);
}

/// Switch to uid:gid for good: no supplementary groups, no capabilities in any set (the bounding
/// set is emptied first, while CAP_SETPCAP is still held). Capabilities are numbered from 0 to
/// the kernel's last one without gaps: the first EINVAL is past the last.
static void drop_to(uid_t uid, gid_t gid) {
    for (int cap = 0; cap <= 63; cap++) {
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) == 0) continue;
        if (errno == EINVAL) break;
        fail("dropping the bounding set");
    }
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL) fail("clearing ambient capabilities");
    if (setgroups(0, NULL) != 0) fail("clearing supplementary groups");
    if (setresgid(gid, gid, gid) != 0) fail("setting the group");
    if (setresuid(uid, uid, uid) != 0) fail("setting the user");
    struct __user_cap_header_struct header = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof(data));
    if (syscall(SYS_capset, &header, data) != 0) fail("clearing capabilities");
}

#define DEFERRED_PREFIX "SLIPWAY_SANDBOX_ENV_"

extern char **environ;

/// Give every SLIPWAY_SANDBOX_ENV_<NAME>=<value> its own name back as <NAME>=<value>.
static void restore_deferred_variables(void) {
    size_t prefix = strlen(DEFERRED_PREFIX);
    size_t count = 0;
    for (char **entry = environ; *entry != NULL; entry++) {
        if (strncmp(*entry, DEFERRED_PREFIX, prefix) == 0) count++;
    }
    if (count == 0) return;
    char **deferred = calloc(count, sizeof(char *));
    if (deferred == NULL) fail("restoring variables");
    size_t found = 0;
    for (char **entry = environ; *entry != NULL && found < count; entry++) {
        if (strncmp(*entry, DEFERRED_PREFIX, prefix) == 0) {
            deferred[found] = strdup(*entry);
            if (deferred[found] == NULL) fail("restoring variables");
            found++;
        }
    }
    for (size_t index = 0; index < found; index++) {
        char *whole = deferred[index];
        char *equals = strchr(whole, '=');
        if (equals == NULL) continue;
        *equals = '\0';
        const char *name = whole + prefix;
        if (*name != '\0' && setenv(name, equals + 1, 1) != 0) fail("restoring a variable");
        if (unsetenv(whole) != 0) fail("restoring a variable");
        free(whole);
    }
    free(deferred);
}

#define COMMAND_MAGIC "slipway-command-1"
#define COMMAND_MAGIC_SCRIPT "slipway-command-2"
#define SCRIPT_NAME_MAX 200
#define COMMAND_MAX (8u << 20)
#define COMMAND_COUNT_MAX 65536ull

/// A command read from standard input (see the usage above).
struct command {
    const char *directory;
    char **arguments;
    unsigned long long argument_count;
    char **environment;
    /// With a script block: the script's file name, its bytes and their number; else NULL.
    const char *script_name;
    const char *script;
    size_t script_length;
};

/// The next NUL-terminated string of the block, or exit when the block ends before it.
static char *next_string(char *block, size_t length, size_t *offset) {
    if (*offset >= length) usage("command block too short");
    char *start = block + *offset;
    char *end = memchr(start, '\0', length - *offset);
    if (end == NULL) usage("command block not terminated");
    *offset = (size_t)(end - block) + 1;
    return start;
}

/// The next `count` strings of the block, in a NULL-terminated array of `slots` (at least
/// `count`) entries and the terminating one.
static char **next_strings(char *block, size_t length, size_t *offset, unsigned long long count, unsigned long long slots) {
    char **strings = calloc((size_t)slots + 1, sizeof(char *));
    if (strings == NULL) fail("reading the command");
    for (unsigned long long index = 0; index < count; index++) strings[index] = next_string(block, length, offset);
    return strings;
}

/// Write the command's script to a new owner-only file in /tmp, as the current (job) user, and
/// make its path the command's last argument.
static void place_script(struct command *command) {
    static char path[sizeof("/tmp/") + SCRIPT_NAME_MAX];
    snprintf(path, sizeof(path), "/tmp/%s", command->script_name);
    int file = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (file < 0) fail("writing the script");
    size_t done = 0;
    while (done < command->script_length) {
        ssize_t wrote = write(file, command->script + done, command->script_length - done);
        if (wrote < 0 && errno == EINTR) continue;
        if (wrote <= 0) fail("writing the script");
        done += (size_t)wrote;
    }
    if (close(file) != 0) fail("writing the script");
    command->arguments[command->argument_count] = path;
}

/// Read exactly `length` bytes of standard input into `buffer`; 0 when it ends first.
static int read_exactly(char *buffer, size_t length) {
    size_t done = 0;
    while (done < length) {
        ssize_t got = read(STDIN_FILENO, buffer + done, length - done);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) fail("reading the command");
        if (got == 0) return 0;
        done += (size_t)got;
    }
    return 1;
}

/// Read the command block from standard input, then put /dev/null in its place.
static struct command read_command(void) {
    // The head: the magic string and the length of the rest, each ending in NUL. It is read in
    // chunks, so what follows it in a chunk is the rest's beginning. (Bytes after the rest, which
    // a chunk may hold too, are dropped, as they were before: standard input is /dev/null next.)
    char head[64];
    size_t used = 0;
    size_t head_length = 0;
    for (int strings = 0; strings < 2;) {
        if (used == sizeof(head)) usage("not a command block");
        ssize_t got = read(STDIN_FILENO, head + used, sizeof(head) - used);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) fail("reading the command");
        if (got == 0) usage(used == 0 ? "no command given on standard input" : "command block too short");
        for (size_t index = used; index < used + (size_t)got && strings < 2; index++) {
            if (head[index] == '\0' && ++strings == 2) head_length = index + 1;
        }
        used += (size_t)got;
    }
    size_t offset = 0;
    const char *magic = next_string(head, head_length, &offset);
    int with_script = strcmp(magic, COMMAND_MAGIC_SCRIPT) == 0;
    if (!with_script && strcmp(magic, COMMAND_MAGIC) != 0) usage("not a command block");
    unsigned long long length = number(next_string(head, head_length, &offset));
    if (length == 0 || length > COMMAND_MAX) usage("bad command block length");
    char *block = malloc((size_t)length);
    if (block == NULL) fail("reading the command");
    size_t early = used - head_length < (size_t)length ? used - head_length : (size_t)length;
    memcpy(block, head + head_length, early);
    if (!read_exactly(block + early, (size_t)length - early)) usage("command block too short");
    int null = open("/dev/null", O_RDONLY);
    if (null < 0 || dup2(null, STDIN_FILENO) < 0) fail("opening /dev/null");
    if (null != STDIN_FILENO) close(null);
    offset = 0;
    struct command command;
    command.directory = next_string(block, length, &offset);
    unsigned long long arguments = number(next_string(block, length, &offset));
    if (arguments == 0 || arguments > COMMAND_COUNT_MAX) usage("bad argument count");
    // One slot more than the arguments: a script's path goes there.
    command.arguments = next_strings(block, length, &offset, arguments, arguments + 1);
    command.argument_count = arguments;
    unsigned long long variables = number(next_string(block, length, &offset));
    if (variables > COMMAND_COUNT_MAX) usage("bad variable count");
    command.environment = next_strings(block, length, &offset, variables, variables);
    command.script_name = NULL;
    command.script = NULL;
    command.script_length = 0;
    if (with_script) {
        command.script_name = next_string(block, length, &offset);
        size_t name_length = strlen(command.script_name);
        if (name_length == 0 || name_length > SCRIPT_NAME_MAX || strchr(command.script_name, '/') != NULL ||
            strcmp(command.script_name, ".") == 0 || strcmp(command.script_name, "..") == 0) {
            usage("bad script name");
        }
        unsigned long long script_length = number(next_string(block, length, &offset));
        if (script_length != (unsigned long long)length - offset) usage("bad script length");
        command.script = block + offset;
        command.script_length = (size_t)script_length;
        offset += (size_t)script_length;
    }
    if (offset != (size_t)length) usage("trailing bytes after the command");
    return command;
}

int sandbox_init_main(int argc, char **argv) {
    int index = 1;
    int has_user = 0;
    int from_stdin = 0;
    uid_t uid = 0;
    gid_t gid = 0;
    limit(RLIMIT_CORE, 0, "limiting core dumps");
    while (index < argc && strcmp(argv[index], "--") != 0) {
        const char *option = argv[index];
        const char *value = index + 1 < argc ? argv[index + 1] : NULL;
        if (strcmp(option, "--features") == 0) {
            printf("%s\n", SANDBOX_INIT_FEATURES);
            return 0;
        }
        if (strcmp(option, "--command-stdin") == 0) {
            from_stdin = 1;
            index += 1;
            continue;
        }
        if (strcmp(option, "--nproc") == 0) {
            limit(RLIMIT_NPROC, number(value), "limiting processes");
        } else if (strcmp(option, "--data") == 0) {
            limit(RLIMIT_DATA, number(value), "limiting memory");
        } else if (strcmp(option, "--user") == 0) {
            if (value == NULL) usage("missing user");
            const char *colon = strchr(value, ':');
            if (colon == NULL) usage("--user takes UID:GID");
            char uid_text[32];
            size_t length = (size_t)(colon - value);
            if (length == 0 || length >= sizeof(uid_text)) usage("bad user");
            memcpy(uid_text, value, length);
            uid_text[length] = '\0';
            uid = (uid_t)number(uid_text);
            gid = (gid_t)number(colon + 1);
            has_user = 1;
        } else {
            usage("unknown option");
        }
        index += 2;
    }
    if (from_stdin) {
        if (index < argc) usage("--command-stdin takes no command after --");
        struct command command = read_command();
        if (has_user) drop_to(uid, gid);
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) fail("setting no_new_privs");
        if (chdir(command.directory) != 0) fail(command.directory);
        if (command.script != NULL) place_script(&command);
        environ = command.environment;
        execvp(command.arguments[0], command.arguments);
        fail(command.arguments[0]);
    }
    if (index >= argc - 1) usage("no command after --");
    if (has_user) drop_to(uid, gid);
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) fail("setting no_new_privs");
    restore_deferred_variables();
    execvp(argv[index + 1], &argv[index + 1]);
    fail(argv[index + 1]);
    return 127;
}
