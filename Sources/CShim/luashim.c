// The Lua half of CShim: trampoline, markers, protected helpers and interrupts.
#include "CShim.h"

#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static luashim_dispatch_fn g_dispatch = NULL;
static luashim_release_fn g_release = NULL;
static const char *const FUNCTION_BOX_META = "luakit.function";
static char g_host_yield_marker;
static char g_null_marker;

void luashim_install(luashim_dispatch_fn dispatch, luashim_release_fn release) {
    g_dispatch = dispatch;
    g_release = release;
}

void *luashim_host_yield_marker(void) { return &g_host_yield_marker; }
void *luashim_null_marker(void) { return &g_null_marker; }

int luashim_noop(lua_State *L) {
    (void)L;
    return 0;
}

static int box_gc(lua_State *L) {
    void **slot = (void **)lua_touserdata(L, 1);
    if (slot != NULL && *slot != NULL && g_release != NULL) {
        g_release(*slot);
        *slot = NULL;
    }
    return 0;
}

// After the scheduler resumes a host yield, the stack holds the original arguments, then
// `ok` (boolean) and either the results or the error value.
static int host_yield_continue(lua_State *L, int status, lua_KContext base) {
    (void)status;
    int first = (int)base + 1;
    if (!lua_toboolean(L, first)) {
        lua_settop(L, first + 1);
        return lua_error(L);
    }
    return lua_gettop(L) - first;
}

static int trampoline(lua_State *L) {
    void **slot = (void **)lua_touserdata(L, lua_upvalueindex(1));
    int code = g_dispatch(L, *slot);
    if (code >= 0) {
        return code;
    }
    if (code == LUASHIM_YIELD) {
        lua_KContext base = lua_gettop(L);
        lua_pushlightuserdata(L, &g_host_yield_marker);
        return lua_yieldk(L, 1, base, host_yield_continue);
    }
    return lua_error(L);
}

void luashim_push_swift_function(lua_State *L, void *box) {
    void **slot = (void **)lua_newuserdatauv(L, sizeof(void *), 0);
    *slot = box;
    if (luaL_newmetatable(L, FUNCTION_BOX_META)) {
        lua_pushcfunction(L, box_gc);
        lua_setfield(L, -2, "__gc");
        lua_pushliteral(L, "swift function");
        lua_setfield(L, -2, "__name");
    }
    lua_setmetatable(L, -2);
    lua_pushcclosure(L, trampoline, 1);
}

// MARK: - Protected helpers

static int openlibs_protected(lua_State *L) {
    luaL_openlibs(L);
    return 0;
}

int luashim_openlibs(lua_State *L) {
    lua_pushcfunction(L, openlibs_protected);
    return lua_pcall(L, 0, 0, 0);
}

static int panic(lua_State *L) {
    const char *msg = lua_tostring(L, -1);
    fprintf(stderr, "novush: unprotected Lua error (aborting): %s\n", msg ? msg : "(error object is not a string)");
    fflush(stderr);
    return 0;  // Lua aborts after a panic handler returns.
}

void luashim_install_panic(lua_State *L) { lua_atpanic(L, panic); }

static int tostring_protected(lua_State *L) {
    luaL_tolstring(L, 1, NULL);
    return 1;
}

int luashim_tostring(lua_State *L, int idx) {
    idx = lua_absindex(L, idx);
    lua_pushcfunction(L, tostring_protected);
    lua_pushvalue(L, idx);
    return lua_pcall(L, 1, 1, 0);
}

void luashim_traceback(lua_State *L, lua_State *co, const char *msg, int level) {
    luaL_traceback(L, co, msg, level);
}

// MARK: - Interrupts

#define MAX_CONTROLS 64

struct luashim_control {
    _Atomic(lua_State *) running;
    atomic_int interrupted;
};

static _Atomic(luashim_control *) g_controls[MAX_CONTROLS];
static int g_notify_fd = -1;

static void stop_hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    // Stay armed on every line and call, so a pcall in a loop cannot swallow the interrupt.
    lua_sethook(L, stop_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKLINE | LUA_MASKCOUNT, 1);
    luaL_error(L, "interrupted!");
}

void luashim_arm_interrupt_hook(lua_State *co) {
    lua_sethook(co, stop_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKLINE | LUA_MASKCOUNT, 1);
}

luashim_control *luashim_control_new(void) {
    luashim_control *control = calloc(1, sizeof *control);
    if (control == NULL) return NULL;
    for (int i = 0; i < MAX_CONTROLS; i++) {
        luashim_control *expected = NULL;
        if (atomic_compare_exchange_strong(&g_controls[i], &expected, control)) return control;
    }
    return control;  // works, but SIGINT will not reach it
}

void luashim_control_free(luashim_control *control) {
    for (int i = 0; i < MAX_CONTROLS; i++) {
        luashim_control *expected = control;
        atomic_compare_exchange_strong(&g_controls[i], &expected, NULL);
    }
    free(control);
}

void luashim_control_interrupt(luashim_control *control) {
    atomic_store(&control->interrupted, 1);
    lua_State *co = atomic_load(&control->running);
    if (co != NULL) luashim_arm_interrupt_hook(co);
}

int luashim_control_interrupted(luashim_control *control) { return atomic_load(&control->interrupted); }
void luashim_control_reset(luashim_control *control) { atomic_store(&control->interrupted, 0); }
void luashim_control_set_running(luashim_control *control, lua_State *co) { atomic_store(&control->running, co); }

static void on_sigint(int sig) {
    (void)sig;
    for (int i = 0; i < MAX_CONTROLS; i++) {
        luashim_control *control = atomic_load(&g_controls[i]);
        if (control != NULL) luashim_control_interrupt(control);
    }
    if (g_notify_fd >= 0) {
        char byte = 1;
        ssize_t ignored = write(g_notify_fd, &byte, 1);
        (void)ignored;
    }
}

int luashim_install_sigint(int notify_fd) {
    g_notify_fd = notify_fd;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_sigint;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    return sigaction(SIGINT, &action, NULL);
}
