// slipway-sandbox-init: the last step into a job sandbox, run by bubblewrap inside the new
// namespaces. It applies the job's resource limits, drops to the unprivileged job user with no
// capabilities and no way to regain privileges, then executes the job's command. It replaces a
// chain of util-linux `prlimit` and `setpriv`, which cost two dynamically linked executions per
// job process.
//
// Usage: slipway-sandbox-init [--nproc N] [--data BYTES] [--user UID:GID] -- COMMAND [ARG...]
// Core dumps are always off. Exit code 127 (with a message on stderr) when a step fails.
//
// Variables the dynamic loader acts on (LD_PRELOAD, ...) must not reach bubblewrap, which runs
// with the server's privileges; the server passes them as SLIPWAY_SANDBOX_ENV_<NAME>, and they
// get their own names back here, after the privileges are gone, just before the command runs.

#define _GNU_SOURCE
#include <errno.h>
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
/// set is emptied first, while CAP_SETPCAP is still held).
static void drop_to(uid_t uid, gid_t gid) {
    for (int cap = 0; cap <= 63; cap++) {
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno != EINVAL) fail("dropping the bounding set");
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

int main(int argc, char **argv) {
    int index = 1;
    int has_user = 0;
    uid_t uid = 0;
    gid_t gid = 0;
    limit(RLIMIT_CORE, 0, "limiting core dumps");
    while (index < argc && strcmp(argv[index], "--") != 0) {
        const char *option = argv[index];
        const char *value = index + 1 < argc ? argv[index + 1] : NULL;
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
    if (index >= argc - 1) usage("no command after --");
    if (has_user) drop_to(uid, gid);
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) fail("setting no_new_privs");
    restore_deferred_variables();
    execvp(argv[index + 1], &argv[index + 1]);
    fail(argv[index + 1]);
    return 127;
}
