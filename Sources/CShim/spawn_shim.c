// posix_spawn helpers that glibc declares only under _GNU_SOURCE.
#define _GNU_SOURCE
#include <spawn.h>
#include "CShim.h"

int cshim_spawn_close_from(posix_spawn_file_actions_t *actions, int lowest) {
    return posix_spawn_file_actions_addclosefrom_np(actions, lowest);
}
