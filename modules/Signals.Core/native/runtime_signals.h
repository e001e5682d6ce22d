/*
 * runtime_signals.h: the signals the .NET runtime (CoreCLR) needs for itself, the one list of them.
 * thread_guard.c never blocks them on any thread; signal_handler.c hands the list to C#
 * (signals_native_runtime_fault_signal), where SignalCore fronts the fault signals and refuses
 * Python handlers for the ones the runtime turns into .NET exceptions.
 *
 * Besides these, CoreCLR suspends threads for the GC with SIGRTMIN (INJECT_ACTIVATION_SIGNAL), a
 * number known only at run time: both sides add it themselves.
 */
#ifndef SIGNALS_RUNTIME_SIGNALS_H
#define SIGNALS_RUNTIME_SIGNALS_H

#include <signal.h>

struct runtime_fault_signal {
    int signum;
    /* Whether Python may set a handler for it. SIGABRT: the runtime only writes its crash report
       and dies, and CPython lets programs handle SIGABRT; every other fault signal the runtime
       turns into a .NET exception (NullReferenceException, DivideByZeroException, ...). */
    int python_may_handle;
};

static const struct runtime_fault_signal runtime_fault_signals[] = {
    {SIGILL, 0}, {SIGTRAP, 0}, {SIGABRT, 1}, {SIGBUS, 0}, {SIGFPE, 0}, {SIGSEGV, 0},
};

#define RUNTIME_FAULT_SIGNAL_COUNT ((int)(sizeof runtime_fault_signals / sizeof runtime_fault_signals[0]))

/* The signals a thread that must not take process-directed signals blocks: all but the runtime's
   (SIGRTMIN: blocking it hangs the GC; the fault signals: blocked, a fault kills at once). */
static inline void fill_guard_set(sigset_t *set)
{
    sigfillset(set);
    sigdelset(set, SIGRTMIN);
    for (int i = 0; i < RUNTIME_FAULT_SIGNAL_COUNT; i++)
        sigdelset(set, runtime_fault_signals[i].signum);
}

#endif
