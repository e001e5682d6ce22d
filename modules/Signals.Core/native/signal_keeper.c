/*
 * signal_keeper.c: a thread of the core's that takes process-directed signals while no interpreter
 * does, in an app whose own threads all block them (PythonScriptHost.EnsureThreadGuard: the thread
 * guard blocks them in every thread .NET starts, and the app's initial thread blocks them itself).
 *
 * NOT signal-handler code (that is signal_handler.c): the thread only sleeps, and sets its own mask.
 *
 * While a host's interpreter runs, its thread is the one that takes signals, as the initial thread
 * does in a single-threaded CPython: a signal the script blocks stays pending for sigpending and
 * sigwait. The keeper then blocks them too. Before the first host and after the last, the keeper
 * leaves them unblocked, so that they are delivered at all (Ctrl+C reaches .NET's CancelKeyPress or
 * ends the app) instead of waiting pending in a process where every thread blocks them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>

#include "runtime_signals.h"

static pthread_mutex_t s_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t s_changed = PTHREAD_COND_INITIALIZER;
static int s_started;
static int s_wanted_open; /* what the core asks for */
static int s_open = -1;   /* what the keeper's mask is now (-1: not yet set) */

/* A child of fork has no keeper (only the forking thread goes on); a later call starts a new one. */
static void forget_keeper(void)
{
    pthread_mutex_t unlocked = PTHREAD_MUTEX_INITIALIZER;
    pthread_cond_t fresh = PTHREAD_COND_INITIALIZER;
    s_lock = unlocked;
    s_changed = fresh;
    s_started = 0;
    s_open = -1;
}

static void *keep(void *unused)
{
    (void)unused;
    pthread_mutex_lock(&s_lock);
    for (;;) {
        int open = s_wanted_open;
        sigset_t mask;
        if (open)
            sigemptyset(&mask);
        else
            fill_guard_set(&mask);
        pthread_sigmask(SIG_SETMASK, &mask, NULL);
        s_open = open;
        pthread_cond_broadcast(&s_changed);
        while (s_wanted_open == open)
            pthread_cond_wait(&s_changed, &s_lock); /* handlers run here while open */
    }
    return NULL;
}

/* Starts the keeper (once) and has it take signals (open) or block them; returns once its mask is
   set. 0, or an error number. */
int signals_native_keeper_set_open(int open)
{
    pthread_mutex_lock(&s_lock);
    int error = 0;
    s_wanted_open = open != 0;
    if (!s_started) {
        pthread_t thread;
        pthread_attr_t attributes;
        pthread_attr_init(&attributes);
        pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
        pthread_attr_setstacksize(&attributes, 64 * 1024);
        error = pthread_create(&thread, &attributes, keep, NULL);
        pthread_attr_destroy(&attributes);
        s_started = error == 0;
        if (s_started)
            pthread_atfork(NULL, NULL, forget_keeper);
    }
    pthread_cond_broadcast(&s_changed);
    while (error == 0 && s_open != s_wanted_open)
        pthread_cond_wait(&s_changed, &s_lock);
    pthread_mutex_unlock(&s_lock);
    return error;
}

/* Blocks, on the calling thread, what a guarded thread blocks (fill_guard_set). 0, or an error number. */
int signals_native_block_on_calling_thread(void)
{
    sigset_t mask;
    fill_guard_set(&mask);
    return pthread_sigmask(SIG_BLOCK, &mask, NULL);
}

/* Whether the keeper runs (EnsureThreadGuard started it). */
int signals_native_keeper_started(void)
{
    pthread_mutex_lock(&s_lock);
    int started = s_started;
    pthread_mutex_unlock(&s_lock);
    return started;
}
