#ifndef SLIPWAY_PIPES_H
#define SLIPWAY_PIPES_H

// What the server's own reading of children's pipes needs from Linux that the Glibc module
// leaves out: epoll, and pipe2 (a GNU extension).
#include <sys/epoll.h>

/// A pipe whose two ends close on exec; 0, or -1 with errno set.
int slipway_pipe_cloexec(int ends[2]);

#endif
