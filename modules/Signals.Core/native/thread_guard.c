/*
 * thread_guard.c: an LD_PRELOAD interposer that keeps process-directed signals on the process's
 * initial thread (the Python main thread), as in a single-threaded CPython.
 *
 * Linux hands a kill(2)/alarm(2) signal to the initial thread unless that thread blocks it; then
 * it picks any other thread that does not. The .NET runtime's threads block nothing, so a signal the
 * main thread blocks (for sigpending/sigwait) would be taken by one of them. This library makes
 * every thread that is not created by libpython (the runtime's, the thread pool's, .NET Thread's)
 * start with all signals blocked except the runtime's thread-activation signal (SIGRTMIN, used to
 * suspend threads for GC) and the hardware-fault signals it turns into exceptions. Threads that
 * libpython starts (threading.Thread) inherit their creator's mask, as in CPython.
 *
 * A guarded thread that execs (System.Native's Process.Start, subprocess from such a thread) first
 * drops the guard set, so children start with the mask a Python program would give them.
 * The launcher (host/sighost) loads it; it restores LD_PRELOAD so children do not inherit it.
 * See shared research thread-signal-routing.md for the experiment behind each choice.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime_signals.h"

typedef int (*pthread_create_function)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
typedef int (*execve_function)(const char *, char *const[], char *const[]);

static __thread int t_guarded; /* shared with a vfork child, which runs on the parent's stack and TLS */

/* Whether CPython is linked into the same object as this guard (the sighost executable built with
 * Debian's static libpython). Decided once; in every other case (the guard preloaded into an app, the
 * shared sighost, the native tests) CPython is not in this object, whatever is loaded later. */
static int cpython_beside_guard(void)
{
    static int known = -1;
    int value = __atomic_load_n(&known, __ATOMIC_RELAXED);
    if (value < 0) {
        void *version = dlsym(RTLD_DEFAULT, "Py_GetVersion");
        Dl_info where, own;
        value = version && dladdr(version, &where) && dladdr((void *)cpython_beside_guard, &own)
            && where.dli_fbase == own.dli_fbase;
        __atomic_store_n(&known, value, __ATOMIC_RELAXED);
    }
    return value;
}

/* CPython's thread start routine lives in libpython, or in the program itself when CPython is linked
 * into it together with this guard. */
static int started_by_libpython(void *(*start)(void *))
{
    Dl_info info, own;
    if (!dladdr((void *)start, &info))
        return 0;
    if (info.dli_fname && strstr(info.dli_fname, "libpython"))
        return 1;
    return cpython_beside_guard() && dladdr((void *)started_by_libpython, &own) && own.dli_fbase == info.dli_fbase;
}

struct guarded_start {
    void *(*start)(void *);
    void *arg;
};

static void *run_guarded(void *raw)
{
    struct guarded_start call = *(struct guarded_start *)raw;
    free(raw);
    t_guarded = 1;
    return call.start(call.arg);
}

int pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*start)(void *), void *arg)
{
    static pthread_create_function real;
    if (!real)
        real = (pthread_create_function)dlsym(RTLD_NEXT, "pthread_create");
    if (started_by_libpython(start))
        return real(thread, attr, start, arg);

    struct guarded_start *call = malloc(sizeof *call);
    if (!call)
        return EAGAIN;
    call->start = start;
    call->arg = arg;
    sigset_t guard, previous;
    fill_guard_set(&guard);
    pthread_sigmask(SIG_BLOCK, &guard, &previous); /* the new thread inherits the caller's mask */
    int result = real(thread, attr, run_guarded, call);
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    if (result != 0)
        free(call);
    return result;
}

static void drop_guard_before_exec(void)
{
    if (!t_guarded)
        return;
    sigset_t guard;
    fill_guard_set(&guard);
    pthread_sigmask(SIG_UNBLOCK, &guard, NULL);
}

int execve(const char *path, char *const argv[], char *const envp[])
{
    static execve_function real;
    if (!real)
        real = (execve_function)dlsym(RTLD_NEXT, "execve");
    drop_guard_before_exec();
    return real(path, argv, envp);
}

int execv(const char *path, char *const argv[])
{
    extern char **environ;
    return execve(path, argv, environ);
}

/* Found with dlsym by Signals.Core.ProcessImage.ThreadGuardLoaded: the guard is in this process. */
void signals_thread_guard_present(void) {}

/* The launcher saved the caller's LD_PRELOAD (possibly empty) in SIGHOST_SAVED_LD_PRELOAD. */
__attribute__((constructor)) static void restore_preload(void)
{
    const char *saved = getenv("SIGHOST_SAVED_LD_PRELOAD");
    if (!saved)
        return;
    if (*saved)
        setenv("LD_PRELOAD", saved, 1);
    else
        unsetenv("LD_PRELOAD");
    unsetenv("SIGHOST_SAVED_LD_PRELOAD");
    unsetenv("SIGNALS_THREAD_GUARD_TRIED"); /* PythonScriptHost.EnsureThreadGuard's re-execution worked */
}
