// Access to the Swift concurrency runtime's enqueue hook, resolved when the executable is linked.
#include "CShim.h"

extern void *swift_task_enqueueGlobal_hook;

void **cshim_concurrency_enqueue_global_hook(void) {
    return &swift_task_enqueueGlobal_hook;
}

// The runtime's job runner (Swift calling convention): runs `job` on `executor`, where a null
// identity and implementation is the generic (global) executor.
extern void swift_job_run(void *job, void *identity, uintptr_t implementation) __attribute__((swiftcall));

void cshim_run_job_on_global_executor(void *job) {
    swift_job_run(job, 0, 0);
}
