// CStoreTuning: process settings for the engine's store that only C can make (sqlite3_config is
// variadic, which Swift cannot call; mallopt is not in Swift's Glibc module).
#ifndef NOVUSH_CSTORETUNING_H
#define NOVUSH_CSTORETUNING_H

#include <stddef.h>
#include <sqlite3.h>

/// Turns off SQLite's memory statistics for the process. With them on, every allocation SQLite makes
/// takes a process-wide mutex; a delivered message makes a few hundred. Must run before the first
/// connection opens: returns SQLITE_OK, or SQLITE_MISUSE when SQLite is already initialized (the
/// statistics then stay on; nothing else changes).
int store_tuning_disable_sqlite_memory_statistics(void);

/// Lets the C allocator keep up to `bytes` of freed memory instead of returning it to the system at
/// once, and grow its heaps `pad` bytes at a time. Returns 1 when both settings were accepted.
int store_tuning_keep_freed_memory(size_t bytes, size_t pad);

#endif
