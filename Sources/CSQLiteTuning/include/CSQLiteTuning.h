// CSQLiteTuning: SQLite settings that only C can make (sqlite3_config is variadic, which Swift
// cannot call).
#ifndef NOVUSH_CSQLITETUNING_H
#define NOVUSH_CSQLITETUNING_H

#include <sqlite3.h>

/// Turns off SQLite's memory statistics for the process. With them on, every allocation SQLite makes
/// takes a process-wide mutex; a delivered message makes a few hundred. Must run before the first
/// connection opens: returns SQLITE_OK, or SQLITE_MISUSE when SQLite is already initialized (the
/// statistics then stay on; nothing else changes).
int sqlite_tuning_disable_memory_statistics(void);

#endif
