#include "CSQLiteTuning.h"

int sqlite_tuning_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
