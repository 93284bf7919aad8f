#include "CStoreTuning.h"

#include <malloc.h>

int store_tuning_disable_sqlite_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int store_tuning_keep_freed_memory(size_t bytes, size_t pad) {
    return mallopt(M_TRIM_THRESHOLD, (int)bytes) && mallopt(M_TOP_PAD, (int)pad);
}
