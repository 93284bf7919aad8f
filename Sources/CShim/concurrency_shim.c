// Access to the Swift concurrency runtime's enqueue hook, resolved when the executable is linked.
#include "CShim.h"

extern void *swift_task_enqueueGlobal_hook;

void **cshim_concurrency_enqueue_global_hook(void) {
    return &swift_task_enqueueGlobal_hook;
}
