// The new root of a job sandbox, made with Linux's mount API (5.12 or later): every bind source
// is cloned as a detached tree while the host's file system is still in view, then a tmpfs
// becomes the new root and each step places its mount, directory or link there, in order. Paths
// inside the new root are walked one component at a time from a directory descriptor, and a
// symbolic link on the way is refused, so no step can reach outside the new root. The directories
// a step walked through stay open for the next (`struct walk`): the server's steps go deeper one
// level at a time (a job directory's ancestors, then the directory), and walking each from the
// root again was most of the launcher's system calls.
#define _GNU_SOURCE
#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/mount.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef MNT_DETACH
#define MNT_DETACH 2
#endif

static int open_tree_call(int directory, const char *path, unsigned int flags) {
    return (int)syscall(SYS_open_tree, directory, path, flags);
}

static int set_attributes(int directory, const char *path, unsigned int flags, struct mount_attr *attributes) {
    return (int)syscall(SYS_mount_setattr, directory, path, flags, attributes, sizeof(*attributes));
}

static int move_mount_call(int from, const char *from_path, int to, const char *to_path, unsigned int flags) {
    return (int)syscall(SYS_move_mount, from, from_path, to, to_path, flags);
}

/// A new detached mount of `type` (tmpfs or proc) with `mode` (tmpfs only, 0 for none).
static int new_file_system(const char *type, mode_t mode, unsigned int attributes) {
    int context = (int)syscall(SYS_fsopen, type, FSOPEN_CLOEXEC);
    if (context < 0) fail("opening a file system of type", type);
    if (mode != 0) {
        char text[16];
        snprintf(text, sizeof(text), "%o", (unsigned int)mode);
        if (syscall(SYS_fsconfig, context, FSCONFIG_SET_STRING, "mode", text, 0) != 0) fail("setting the mode of", type);
    }
    if (syscall(SYS_fsconfig, context, FSCONFIG_CMD_CREATE, NULL, NULL, 0) != 0) fail("creating", type);
    int mount = (int)syscall(SYS_fsmount, context, FSMOUNT_CLOEXEC, attributes);
    if (mount < 0) fail("mounting", type);
    close(context);
    return mount;
}

/// A detached recursive copy of the host's `source`, with `attributes` on every mount in it.
static int clone_tree(const char *source, unsigned long long attributes) {
    int tree = open_tree_call(AT_FDCWD, source, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
    if (tree < 0) fail("cannot bind", source);
    struct mount_attr set = {.attr_set = attributes};
    if (set_attributes(tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &set) != 0) fail("cannot restrict", source);
    return tree;
}

/// The directory `name` in `directory`, made with mode 0755 when missing; never a link.
static int enter(int directory, const char *name, const char *whole) {
    struct stat info;
    if (fstatat(directory, name, &info, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno != ENOENT || mkdirat(directory, name, 0755) != 0) fail("cannot make", whole);
    }
    int next = openat(directory, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (next < 0 || fstat(next, &info) != 0 || !S_ISDIR(info.st_mode)) refuse("not a directory (or a link) on the way to", whole);
    return next;
}

#define WALK_DEPTH_MAX 256

/// The directories from the new root down to the last step's parent, open, with their names:
/// the next step enters only the components it does not share with that chain. No directory in
/// the chain has had anything mounted on it since it was entered: a step's mount is at its own
/// destination, which is never in the chain, and a later step that goes through it leaves the
/// chain at its parent first, so it enters the mount by name.
struct walk {
    int root;
    int depth;
    int directories[WALK_DEPTH_MAX];
    char names[WALK_DEPTH_MAX][NAME_MAX + 1];
};

/// The walk's directory at `depth` components below the root (0: the root).
static int walk_at(struct walk *walk, int depth) {
    return depth == 0 ? walk->root : walk->directories[depth - 1];
}

/// Close the walk's directories below `depth` components.
static void walk_back_to(struct walk *walk, int depth) {
    while (walk->depth > depth) close(walk->directories[--walk->depth]);
}

/// The directory holding `destination` in the new root, made as needed; `*name` is then the last
/// component (in `buffer`). The walk keeps the result open: the caller does not close it.
static int parent_of(struct walk *walk, const char *destination, char *buffer, size_t size, const char **name) {
    if (snprintf(buffer, size, "%s", destination) >= (int)size) refuse("path too long:", destination);
    char *component = buffer + 1;
    int depth = 0;
    for (char *slash = strchr(component, '/'); slash != NULL; slash = strchr(component, '/')) {
        *slash = '\0';
        if (depth >= walk->depth || strcmp(walk->names[depth], component) != 0) {
            walk_back_to(walk, depth);
            if (depth == WALK_DEPTH_MAX) refuse("path too deep:", destination);
            if (strlen(component) > NAME_MAX) refuse("path component too long in", destination);
            walk->directories[depth] = enter(walk_at(walk, depth), component, destination);
            strcpy(walk->names[depth], component);
            walk->depth = depth + 1;
        }
        depth++;
        component = slash + 1;
    }
    walk_back_to(walk, depth);
    *name = component;
    return walk_at(walk, depth);
}

/// Make the mount point `name` in `directory`: a directory for a directory's tree, else an empty
/// file. What is there already must be of that kind and not a link.
static void make_mount_point(int directory, const char *name, int is_directory, const char *whole) {
    struct stat info;
    if (fstatat(directory, name, &info, AT_SYMLINK_NOFOLLOW) == 0) {
        if (is_directory ? S_ISDIR(info.st_mode) : S_ISREG(info.st_mode)) return;
        refuse("the mount point is of another kind (or a link):", whole);
    }
    if (errno != ENOENT) fail("cannot look at", whole);
    if (is_directory) {
        if (mkdirat(directory, name, 0755) != 0) fail("cannot make", whole);
        return;
    }
    int file = openat(directory, name, O_RDONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0444);
    if (file < 0) fail("cannot make", whole);
    close(file);
}

static void attach(int mount, int directory, const char *name, const char *whole) {
    if (move_mount_call(mount, "", directory, name, MOVE_MOUNT_F_EMPTY_PATH) != 0) fail("cannot mount", whole);
    close(mount);
}

/// Place `step` in the new root, walking there from the last step's directories.
static void place(struct walk *walk, struct step *step) {
    char buffer[4096];
    const char *name = NULL;
    int directory = parent_of(walk, step->destination, buffer, sizeof(buffer), &name);
    struct stat info;
    switch (step->kind) {
    case STEP_BIND_READ_ONLY:
    case STEP_BIND:
    case STEP_BIND_DEVICES:
        if (fstat(step->tree, &info) != 0) fail("cannot look at", step->source);
        make_mount_point(directory, name, S_ISDIR(info.st_mode), step->destination);
        attach(step->tree, directory, name, step->destination);
        step->tree = -1;
        break;
    case STEP_SYMLINK:
        if (symlinkat(step->source, directory, name) != 0) {
            char target[4096];
            ssize_t length = errno == EEXIST ? readlinkat(directory, name, target, sizeof(target) - 1) : -1;
            if (length < 0) fail("cannot link", step->destination);
            target[length] = '\0';
            if (strcmp(target, step->source) != 0) refuse("already there, and not the same link:", step->destination);
        }
        break;
    case STEP_PROC:
        make_mount_point(directory, name, 1, step->destination);
        attach(new_file_system("proc", 0, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC), directory, name, step->destination);
        break;
    case STEP_DIRECTORY:
        if (mkdirat(directory, name, step->mode) != 0) {
            if (errno != EEXIST) fail("cannot make", step->destination);
            if (fstatat(directory, name, &info, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR(info.st_mode)) {
                refuse("not a directory:", step->destination);
            }
        }
        break;
    case STEP_TMPFS:
        make_mount_point(directory, name, 1, step->destination);
        attach(new_file_system("tmpfs", step->mode, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV), directory, name, step->destination);
        break;
    }
}

void build_root(struct plan *plan) {
    // Nothing mounted here may reach the host's mounts (which share events under systemd).
    struct mount_attr private = {.propagation = MS_PRIVATE};
    if (set_attributes(AT_FDCWD, "/", AT_RECURSIVE, &private) != 0) fail("cannot make the mounts private", "/");
    // Every source is cloned before anything is mounted, so the host's paths resolve as they are.
    for (int index = 0; index < plan->count; index++) {
        struct step *step = &plan->steps[index];
        unsigned long long attributes = MOUNT_ATTR_NOSUID;
        if (step->kind == STEP_BIND_READ_ONLY) attributes |= MOUNT_ATTR_RDONLY | MOUNT_ATTR_NODEV;
        if (step->kind == STEP_BIND) attributes |= MOUNT_ATTR_NODEV;
        if (step->kind <= STEP_BIND_DEVICES) step->tree = clone_tree(step->source, attributes);
    }
    // The new root: a tmpfs (root-owned, 0755) over this namespace's /tmp, then the steps.
    int base = new_file_system("tmpfs", 0755, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV);
    if (move_mount_call(base, "", AT_FDCWD, "/tmp", MOVE_MOUNT_F_EMPTY_PATH) != 0) fail("cannot mount the new root on", "/tmp");
    close(base);
    int root = open("/tmp", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (root < 0) fail("cannot open the new root", "/tmp");
    static struct walk walk;
    walk.root = root;
    walk.depth = 0;
    for (int index = 0; index < plan->count; index++) place(&walk, &plan->steps[index]);
    walk_back_to(&walk, 0);
    // The root itself is read-only; the mounts in it keep their own modes.
    struct mount_attr read_only = {.attr_set = MOUNT_ATTR_RDONLY};
    if (set_attributes(root, "", AT_EMPTY_PATH, &read_only) != 0) fail("cannot make the new root read-only", "/");
    // pivot_root(".", ".") stacks the old root on the new one; detaching it leaves the new one.
    if (fchdir(root) != 0) fail("cannot enter the new root", "/");
    close(root);
    if (syscall(SYS_pivot_root, ".", ".") != 0) fail("cannot pivot to the new root", "/");
    if (syscall(SYS_umount2, ".", MNT_DETACH) != 0) fail("cannot detach the old root", "/");
    if (chdir("/") != 0) fail("cannot enter", "/");
    if (plan->directory != NULL && chdir(plan->directory) != 0) fail("cannot change to", plan->directory);
}

int probe_mount_api(const char **what) {
    if (geteuid() != 0) {
        *what = "running as root";
        return EPERM;
    }
    *what = "making the mounts private";
    struct mount_attr private = {.propagation = MS_PRIVATE};
    if (set_attributes(AT_FDCWD, "/", AT_RECURSIVE, &private) != 0) return errno;
    *what = "cloning a tree (open_tree)";
    int tree = open_tree_call(AT_FDCWD, "/", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
    if (tree < 0) return errno;
    *what = "making it read-only (mount_setattr)";
    struct mount_attr read_only = {.attr_set = MOUNT_ATTR_RDONLY};
    if (set_attributes(tree, "", AT_EMPTY_PATH, &read_only) != 0) return errno;
    *what = "making a tmpfs (fsopen)";
    int context = (int)syscall(SYS_fsopen, "tmpfs", FSOPEN_CLOEXEC);
    if (context < 0) return errno;
    close(context);
    close(tree);
    return 0;
}
