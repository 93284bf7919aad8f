// CShim: the small C layer between Swift and the system Lua 5.4 / libedit.
//
// Swift cannot import Lua's function-like macros, cannot call C variadic functions (el_set,
// luaL_error) and must never be crossed by lua_error / lua_yield (both longjmp). Everything of
// that kind lives here:
//   - inline replacements for the Lua macros the Swift side uses;
//   - the trampoline that calls a Swift function and, after the Swift frame has returned, raises
//     lua_error or lua_yieldk on its behalf;
//   - the interrupt hook (Ctrl-C) that is safe to arm from a signal handler;
//   - protected helpers for the few raising operations Swift needs (open libs, tostring);
//   - a line editor built on libedit's native API (see editline_shim.c).
#ifndef NOVUSH_CSHIM_H
#define NOVUSH_CSHIM_H

#include <lua.h>
#include <lualib.h>
#include <lauxlib.h>
#include <stddef.h>
#include <stdio.h>

// MARK: - C standard streams (Swift 6 cannot touch the mutable globals directly)

static inline FILE *cshim_stdin(void) { return stdin; }
static inline FILE *cshim_stdout(void) { return stdout; }
static inline FILE *cshim_stderr(void) { return stderr; }

// MARK: - Processes

#include <spawn.h>
/// Closes every descriptor from `lowest` up in the spawned child (posix_spawn_file_actions_addclosefrom_np).
int cshim_spawn_close_from(posix_spawn_file_actions_t *actions, int lowest);

/// The Swift concurrency runtime's global-enqueue hook (`swift_task_enqueueGlobal_hook`). A statically
/// linked executable does not export it, so it is reached here rather than by name at run time.
void **cshim_concurrency_enqueue_global_hook(void);

/// Runs a job taken from the global queue as the global executor runs it: not isolated to any
/// serial executor, so the task's hops to and from actors can switch without queueing again.
void cshim_run_job_on_global_executor(void *job);

// MARK: - Macro replacements

static inline int luashim_registryindex(void) { return LUA_REGISTRYINDEX; }
static inline void luashim_pop(lua_State *L, int n) { lua_pop(L, n); }
static inline void luashim_remove(lua_State *L, int idx) { lua_remove(L, idx); }
static inline void luashim_pushglobaltable(lua_State *L) { lua_pushglobaltable(L); }
static inline lua_Integer luashim_tointeger(lua_State *L, int idx, int *isnum) {
    return lua_tointegerx(L, idx, isnum);
}
static inline lua_Number luashim_tonumber(lua_State *L, int idx) { return lua_tonumberx(L, idx, NULL); }
/// The per-state slot (copied to every new thread) where LuaKit keeps its owner pointer.
static inline void **luashim_extraspace(lua_State *L) { return (void **)lua_getextraspace(L); }
static inline int luashim_loadbuffer(lua_State *L, const char *buf, size_t size, const char *name) {
    return luaL_loadbufferx(L, buf, size, name, "t");
}

// MARK: - Trampoline

/// Return codes a Swift function gives the trampoline besides a result count (>= 0).
enum {
    /// The error value is on top of the stack: the trampoline raises it with lua_error.
    LUASHIM_RAISE = -1,
    /// An async operation was registered: the trampoline yields to the scheduler.
    LUASHIM_YIELD = -2,
};

/// Called for every Swift function call: `box` identifies the Swift closure.
typedef int (*luashim_dispatch_fn)(lua_State *L, void *box);
/// Releases a Swift closure box when Lua collects the function.
typedef void (*luashim_release_fn)(void *box);

/// Installs the Swift dispatcher and release function (once per process).
void luashim_install(luashim_dispatch_fn dispatch, luashim_release_fn release);

/// Pushes a Lua function that calls the Swift closure `box` (already retained for Lua).
void luashim_push_swift_function(lua_State *L, void *box);

/// The light userdata a host yield carries, so coroutine wrappers can tell it from a user yield.
void *luashim_host_yield_marker(void);

/// The light userdata that stands for JSON null.
void *luashim_null_marker(void);

/// A plain C function that does nothing: the peer of Swift functions in the bridge benchmark.
int luashim_noop(lua_State *L);

// MARK: - Protected helpers

/// Opens the standard libraries inside a protected call. Returns a LUA_* status; on failure the
/// message is on the stack.
int luashim_openlibs(lua_State *L);

/// Installs a panic handler that prints the message on stderr before Lua aborts.
void luashim_install_panic(lua_State *L);

/// luaL_tolstring (honours __tostring and __name) inside a protected call. On success the string
/// is on top of the stack and LUA_OK is returned; on failure the error value is there instead.
int luashim_tostring(lua_State *L, int idx);

/// luaL_traceback of `co` appended to message, pushed on L.
void luashim_traceback(lua_State *L, lua_State *co, const char *msg, int level);

// MARK: - Interrupts

/// Interrupt state of one Lua state: the coroutine it is running and whether Ctrl-C was pressed.
typedef struct luashim_control luashim_control;

/// Creates the control of one Lua state and registers it for SIGINT. NULL when 64 are alive.
luashim_control *luashim_control_new(void);
/// Unregisters and frees a control.
void luashim_control_free(luashim_control *control);
/// Marks the state interrupted and arms the hook on the coroutine it is running. Signal-safe.
void luashim_control_interrupt(luashim_control *control);
/// True after an interrupt until luashim_control_reset.
int luashim_control_interrupted(luashim_control *control);
/// Clears the interrupt (new code is about to run).
void luashim_control_reset(luashim_control *control);
/// Records the coroutine about to be resumed (NULL when none).
void luashim_control_set_running(luashim_control *control, lua_State *co);
/// Arms the "interrupted!" hook on one coroutine (before resuming it after an interrupt).
void luashim_arm_interrupt_hook(lua_State *co);
/// Installs a SIGINT handler that interrupts every registered state and writes one byte to
/// `notify_fd`. Returns 0 on success.
int luashim_install_sigint(int notify_fd);

// MARK: - Line editor (libedit native API)

typedef struct novush_editor novush_editor;

/// Computes completions: the Swift side calls novush_editor_add_completion for each candidate and
/// returns how many bytes before the cursor the candidates replace.
typedef int (*novush_complete_fn)(novush_editor *ed, const char *line, int cursor, void *context);

/// Opens a line editor on the given streams. Returns NULL when libedit cannot start.
novush_editor *novush_editor_open(const char *program, FILE *in, FILE *out, FILE *err);
void novush_editor_close(novush_editor *ed);
/// Sets the prompt (may contain colour escapes; they are marked non-printing).
void novush_editor_set_prompt(novush_editor *ed, const char *prompt);
void novush_editor_set_completer(novush_editor *ed, novush_complete_fn fn, void *context);
void novush_editor_add_completion(novush_editor *ed, const char *candidate);

enum { NOVUSH_LINE_OK = 0, NOVUSH_LINE_EOF = 1, NOVUSH_LINE_CANCELLED = 2 };
/// Reads one line (without its newline). The returned buffer is owned by the editor and valid
/// until the next call. `status` tells EOF (Ctrl-D on an empty line) and Ctrl-C apart.
const char *novush_editor_gets(novush_editor *ed, int *length, int *status);

void novush_editor_history_add(novush_editor *ed, const char *line);
int novush_editor_history_load(novush_editor *ed, const char *path);
int novush_editor_history_save(novush_editor *ed, const char *path);
void novush_editor_history_size(novush_editor *ed, int size);

/// setlocale(LC_CTYPE, "") and, when that locale is not multibyte, C.UTF-8. Returns 1 when UTF-8
/// input can be decoded.
int novush_setup_locale(void);

#endif
