/*
 * signal_handler.c: the only code of the project that runs inside a POSIX signal handler.
 *
 * ASYNC-SIGNAL-SAFE ZONE. Everything reachable from signals_native_handler() may only:
 * read and write the lock-free state below, call write(2), and call the trip function
 * (CPython's PyErr_SetInterruptEx, documented as callable from a C signal handler) and the
 * previous handler it chains to. No allocation, no locks, no stdio, no managed code.
 *
 * All decisions (which signals trip Python, whom to chain to, which fd to write) are made in
 * C# (Signals.Core.SignalCore) and published here through the setters at the bottom, which run
 * on ordinary threads.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "runtime_signals.h"

#define MAX_SIGNALS 65 /* Linux _NSIG on x86_64 and aarch64; C# checks NSIG against it. */

typedef int (*trip_function)(int signum);

/* The layouts C# declares (Libc.SigAction, Libc.SigInfo) and the signal count it checks NSIG against
   (SignalCore.ConnectEngine also compares them at run time, through signals_native_layout). */
_Static_assert(MAX_SIGNALS >= _NSIG, "MAX_SIGNALS must cover every signal number");
_Static_assert(sizeof(struct sigaction) == 152, "glibc's struct sigaction, as Libc.SigAction declares it");
_Static_assert(sizeof(siginfo_t) == 128, "siginfo_t, as Libc.SigInfo declares it");

/* Chain targets: the actions the core's handlers call after their own work (the .NET runtime's).
   An action is written once into a slot of its signal and never written again; publishing a target
   stores that slot's number (1-based; 0: no target) in one atomic int. A handler loads the number
   once and calls what that slot holds, so whatever a writer does meanwhile, it never reads a
   half-written action. Publishing an action equal to a saved one reuses its slot: the slots hold the
   distinct actions ever chained to (in practice one or two per signal). */
#define CHAIN_SLOTS 4
struct chain_table {
    struct sigaction slots[MAX_SIGNALS][CHAIN_SLOTS];
    int used[MAX_SIGNALS];      /* written by writers only (C# serialises them) */
    int published[MAX_SIGNALS]; /* atomic */
};

static const struct sigaction *published_target(const struct chain_table *table, int signum)
{
    int slot = __atomic_load_n(&table->published[signum], __ATOMIC_ACQUIRE);
    return slot > 0 && slot <= CHAIN_SLOTS ? &table->slots[signum][slot - 1] : NULL;
}

/* Calls `action` as the kernel would have. SIG_DFL ends the process by the signal when
   `dfl_kills`; SIG_IGN does nothing. The caller's handler runs with the action's own mask and
   flags (C# installs it with them), so the chained handler sees the mask it asked for. */
static void die_of(int signum);
static void call_target(const struct sigaction *action, int signum, siginfo_t *info, void *context, int dfl_kills)
{
    if (action == NULL)
        return;
    if (action->sa_flags & SA_SIGINFO)
        action->sa_sigaction(signum, info, context);
    else if (action->sa_handler == SIG_DFL) {
        if (dfl_kills)
            die_of(signum);
    } else if (action->sa_handler != SIG_IGN)
        action->sa_handler(signum);
}

/* Per signal: does a Python handler want it, and whom to chain to afterwards. */
static volatile sig_atomic_t s_trips_python[MAX_SIGNALS];
/* Set here before each trip, taken by C# when the trip is served: tells a delivered signal (whose
   handler may have been replaced since: "ignored due to race condition") from a trip the engine
   made itself (_thread.interrupt_main of a signal left at SIG_DFL/SIG_IGN, which does nothing). */
static int s_delivered[MAX_SIGNALS];
static struct chain_table s_chain;
static uint64_t s_received[MAX_SIGNALS];

static trip_function volatile s_trip;
/* The interpreter's main thread when it is not the thread signals reach (an embedding host's own
   thread); 0 when it is (sighost, where the thread guard routes signals to it). */
static volatile pid_t s_interpreter_tid;
static int s_redirected[MAX_SIGNALS];
static volatile int s_wakeup_fd = -1;
static volatile sig_atomic_t s_wakeup_warn_on_full_buffer = 1;
static int s_wakeup_errno;    /* errno of the last failed wakeup write */
static int s_wakeup_failures; /* failed writes since C# last took them (each is reported once) */

static void write_wakeup_byte(int signum)
{
    int fd = s_wakeup_fd;
    if (fd < 0)
        return;
    unsigned char byte = (unsigned char)signum;
    ssize_t written;
    do
        written = write(fd, &byte, 1);
    while (written < 0 && errno == EINTR);
    if (written < 0 && (s_wakeup_warn_on_full_buffer || (errno != EAGAIN && errno != EWOULDBLOCK))) {
        __atomic_store_n(&s_wakeup_errno, errno, __ATOMIC_RELEASE);
        __atomic_add_fetch(&s_wakeup_failures, 1, __ATOMIC_ACQ_REL);
    }
}

static void chain(int signum, siginfo_t *info, void *context)
{
    call_target(published_target(&s_chain, signum), signum, info, context, 0);
}

/* Given back: the fallback for a process whose System.Native calls could not be routed through the
   core (runtime_hook.c; a single-file app linking System.Native statically). Routed, .NET's handler
   never stands in front of the core's and nothing below is used. When the host gives the signals
   back (an embedding host's Dispose) while a .NET runtime handler installed after the core's still
   stands in front of it, that handler keeps the
   core's handler as "the action it replaced". For a signal no .NET subscriber cancelled it puts that
   action back and raises the signal again (System.Native's HandleNonCanceledPosixSignal), which makes
   the core's handler the kernel's action again. The core's handler then does what the disposition
   before the host started says: SIG_DFL's default action (Ctrl+C ends the app, rc 130), SIG_IGN
   nothing, a handler is called. While another handler stands in front and calls the core's directly,
   SIG_DFL does nothing here: that handler decides (its subscribers may still cancel). */
static struct chain_table s_given_back;
void signals_native_handler(int signum, siginfo_t *info, void *context);

static int installed_as_kernel_action(int signum)
{
    struct sigaction current;
    return sigaction(signum, NULL, &current) == 0 && (current.sa_flags & SA_SIGINFO)
        && current.sa_sigaction == signals_native_handler;
}

static int default_action_ignores(int signum)
{
    return signum == SIGCHLD || signum == SIGCONT || signum == SIGURG || signum == SIGWINCH;
}

static void act_as_given_back(int signum, siginfo_t *info, void *context)
{
    const struct sigaction *original = published_target(&s_given_back, signum);
    if (original != NULL)
        call_target(original, signum, info, context,
                    !default_action_ignores(signum) && installed_as_kernel_action(signum));
}

void signals_native_handler(int signum, siginfo_t *info, void *context)
{
    int saved_errno = errno;
    if (signum <= 0 || signum >= MAX_SIGNALS) {
        errno = saved_errno;
        return;
    }
    int redirected_arrival = 0;
    if (s_trips_python[signum]) {
        pid_t interpreter = s_interpreter_tid;
        if (interpreter != 0 && (pid_t)syscall(SYS_gettid) != interpreter) {
            /* CPython notices a trip only on its main thread (eval breaker, EINTR): send the
               signal on to that thread, thread-directed, and serve .NET here, once. */
            __atomic_store_n(&s_redirected[signum], 1, __ATOMIC_RELEASE);
            syscall(SYS_tgkill, getpid(), interpreter, signum);
            __atomic_add_fetch(&s_received[signum], 1, __ATOMIC_RELAXED);
            chain(signum, info, context);
            errno = saved_errno;
            return;
        }
        redirected_arrival = __atomic_exchange_n(&s_redirected[signum], 0, __ATOMIC_ACQ_REL);
        /* Trip first, then write the wakeup byte: a reader woken by the byte must find the
           signal already tripped (CPython bpo-30038). */
        trip_function trip = s_trip;
        if (trip) {
            __atomic_store_n(&s_delivered[signum], 1, __ATOMIC_RELEASE);
            trip(signum);
        }
        write_wakeup_byte(signum);
    }
    if (!redirected_arrival) {
        __atomic_add_fetch(&s_received[signum], 1, __ATOMIC_RELAXED);
        chain(signum, info, context);
    }
    if (!s_trips_python[signum] && published_target(&s_chain, signum) == NULL)
        act_as_given_back(signum, info, context);
    errno = saved_errno;
}

/* Fault signals (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGABRT) have the .NET runtime's handler,
   which turns real faults into .NET exceptions. This handler stands in front of it: a fault signal
   that was sent (si_code <= 0: kill, tgkill, raise, sigqueue) gets what Python's disposition says,
   as in CPython: SIG_DFL ends the process by that signal (core dump where enabled), SIG_IGN drops
   it. Real faults go on to the runtime's handler. The runtime's action is published as this
   handler's target (a write-once chain slot, see chain_table) before this handler is installed. */
enum { FAULT_NOT_FRONTED = 0, FAULT_SENT_KILLS = 1, FAULT_SENT_IGNORED = 2 };
static volatile sig_atomic_t s_fault_sent_action[MAX_SIGNALS];
static struct chain_table s_fault_chain;

static void die_of(int signum)
{
    struct sigaction fallback;
    memset(&fallback, 0, sizeof fallback);
    fallback.sa_handler = SIG_DFL;
    sigemptyset(&fallback.sa_mask);
    sigaction(signum, &fallback, NULL);
    raise(signum); /* pending: the signal is blocked while its handler runs */
    sigset_t unblock;
    sigemptyset(&unblock);
    sigaddset(&unblock, signum);
    sigprocmask(SIG_UNBLOCK, &unblock, NULL); /* delivered here: the default action */
}

void signals_native_fault_handler(int signum, siginfo_t *info, void *context)
{
    int saved_errno = errno;
    if (signum <= 0 || signum >= MAX_SIGNALS) {
        errno = saved_errno;
        return;
    }
    int action = s_fault_sent_action[signum];
    if (info != NULL && info->si_code <= 0 && action != FAULT_NOT_FRONTED) {
        if (action == FAULT_SENT_KILLS)
            die_of(signum);
        errno = saved_errno;
        return;
    }
    const struct sigaction *runtime = published_target(&s_fault_chain, signum);
    if (runtime == NULL)
        die_of(signum); /* not fronted: nothing to hand a fault to */
    else
        call_target(runtime, signum, info, context, 1);
    errno = saved_errno;
}
/* ---- end of the async-signal-safe zone ---- */

/* Setters and readers, called from C# on ordinary threads. */
void *signals_native_handler_address(void) { return (void *)signals_native_handler; }
void *signals_native_fault_handler_address(void) { return (void *)signals_native_fault_handler; }
void signals_native_set_trip(trip_function trip) { s_trip = trip; }
void signals_native_set_trips_python(int signum, int value) { s_trips_python[signum] = value; }
void signals_native_set_interpreter_thread(int tid) { s_interpreter_tid = tid; }

/* The index-th fault signal the .NET runtime needs (runtime_signals.h), or 0 past the end; sets
   *python_may_handle. C# reads the list through this, so C and C# share one. */
int signals_native_runtime_fault_signal(int index, int *python_may_handle)
{
    if (index < 0 || index >= RUNTIME_FAULT_SIGNAL_COUNT)
        return 0;
    *python_may_handle = runtime_fault_signals[index].python_may_handle;
    return runtime_fault_signals[index].signum;
}

/* Sizes of the structures C# declares, for its start-up check (see the _Static_asserts above). */
int signals_native_layout(int *sigaction_size, int *siginfo_size)
{
    *sigaction_size = (int)sizeof(struct sigaction);
    *siginfo_size = (int)sizeof(siginfo_t);
    return MAX_SIGNALS;
}

static int same_action(const struct sigaction *a, const struct sigaction *b)
{
    if (a->sa_sigaction != b->sa_sigaction || a->sa_flags != b->sa_flags)
        return 0;
    for (int signum = 1; signum < MAX_SIGNALS; signum++)
        if (sigismember(&a->sa_mask, signum) != sigismember(&b->sa_mask, signum))
            return 0;
    return 1;
}

/* Publishes `action` (NULL: none) as `signum`'s target in `table`: a saved slot holding the same
   action, else a fresh slot written before it is published. -1 with ENOSPC once every slot holds
   another action (the target published before stays). */
static int publish_target(struct chain_table *table, int signum, const struct sigaction *action)
{
    if (signum <= 0 || signum >= MAX_SIGNALS) {
        errno = EINVAL;
        return -1;
    }
    if (action == NULL) {
        __atomic_store_n(&table->published[signum], 0, __ATOMIC_RELEASE);
        return 0;
    }
    int used = table->used[signum];
    for (int slot = 0; slot < used; slot++) {
        if (same_action(&table->slots[signum][slot], action)) {
            __atomic_store_n(&table->published[signum], slot + 1, __ATOMIC_RELEASE);
            return 0;
        }
    }
    if (used == CHAIN_SLOTS) {
        errno = ENOSPC;
        return -1;
    }
    table->slots[signum][used] = *action;
    table->used[signum] = used + 1;
    __atomic_store_n(&table->published[signum], used + 1, __ATOMIC_RELEASE);
    return 0;
}

/* What signals_native_handler does for `signum` once given back (see s_given_back; NULL: not given
   back, or taken again). 0, or -1 with errno. */
int signals_native_set_given_back(int signum, const struct sigaction *original)
{
    return publish_target(&s_given_back, signum, original);
}

#ifndef SA_RESTORER
#define SA_RESTORER 0x04000000 /* the kernel's flag; glibc sets it on every action it writes */
#endif

/* Writes `action` (one read before) back so that it reads back exactly as it was. glibc's sigaction
   adds SA_RESTORER and its restorer to every action it writes, while a signal nobody touched since
   exec reads back without them. For SIG_DFL and SIG_IGN, where no handler returns through a
   restorer, the action goes through the raw system call as read (x86_64; elsewhere glibc adds
   nothing). 0, or -1 with errno. */
int signals_native_restore_action(int signum, const struct sigaction *action)
{
#if defined(__x86_64__)
    int plain = !(action->sa_flags & SA_SIGINFO) && (action->sa_handler == SIG_DFL || action->sa_handler == SIG_IGN);
    if (plain && !(action->sa_flags & SA_RESTORER)) {
        struct {
            void *handler;
            unsigned long flags;
            void *restorer;
            uint64_t mask;
        } raw = {(void *)action->sa_handler, (unsigned long)(unsigned int)action->sa_flags, NULL, 0};
        memcpy(&raw.mask, &action->sa_mask, sizeof raw.mask);
        return (int)syscall(SYS_rt_sigaction, signum, &raw, NULL, sizeof raw.mask);
    }
#endif
    return sigaction(signum, action, NULL);
}

/* Whether the handler tripped the engine for `signum` since the last call (and clears it). */
int signals_native_take_delivered(int signum)
{
    if (signum <= 0 || signum >= MAX_SIGNALS)
        return 0;
    return __atomic_exchange_n(&s_delivered[signum], 0, __ATOMIC_ACQ_REL);
}

/* Whom signals_native_handler chains to for `signum` from now on (NULL: nobody). 0, or -1 with errno. */
int signals_native_set_chain(int signum, const struct sigaction *previous)
{
    return publish_target(&s_chain, signum, previous);
}

/* Puts the fault handler in front of the current action of `signum`, with that action's mask and
   flags (CoreCLR's SA_ONSTACK among them: its stack-overflow detection needs the alternate stack).
   Saves the current action first, once: later calls only change what a sent signal does. */
int signals_native_front_fault_signal(int signum, int sent_kills)
{
    if (signum <= 0 || signum >= MAX_SIGNALS)
        return -1;
    s_fault_sent_action[signum] = sent_kills ? FAULT_SENT_KILLS : FAULT_SENT_IGNORED;
    struct sigaction current;
    if (sigaction(signum, NULL, &current) != 0)
        return -1;
    if ((current.sa_flags & SA_SIGINFO) && current.sa_sigaction == signals_native_fault_handler)
        return 0;
    if (publish_target(&s_fault_chain, signum, &current) != 0)
        return -1;
    struct sigaction front = current;
    front.sa_sigaction = signals_native_fault_handler;
    front.sa_flags = (current.sa_flags | SA_SIGINFO) & ~SA_RESETHAND;
    return sigaction(signum, &front, NULL);
}

/* What a sent fault signal does from now on: 1 ends the process (SIG_DFL), 0 drops it (SIG_IGN). */
void signals_native_set_fault_sent_kills(int signum, int sent_kills)
{
    if (signum > 0 && signum < MAX_SIGNALS && s_fault_sent_action[signum] != FAULT_NOT_FRONTED)
        s_fault_sent_action[signum] = sent_kills ? FAULT_SENT_KILLS : FAULT_SENT_IGNORED;
}

void signals_native_set_wakeup(int fd, int warn_on_full_buffer)
{
    s_wakeup_warn_on_full_buffer = warn_on_full_buffer;
    s_wakeup_fd = fd;
}

/* The number of failed wakeup writes since the last call, and the errno of the last one. */
int signals_native_take_wakeup_failures(int *last_errno)
{
    int failures = __atomic_exchange_n(&s_wakeup_failures, 0, __ATOMIC_ACQ_REL);
    *last_errno = __atomic_load_n(&s_wakeup_errno, __ATOMIC_ACQUIRE);
    return failures;
}
uint64_t signals_native_received(int signum) { return __atomic_load_n(&s_received[signum], __ATOMIC_RELAXED); }

/* For the core's read-back check (SignalCore.CheckRecords): whether the handler trips the engine for
   `signum`, and the handler of the action it chains to (0: none). */
int signals_native_trips_python(int signum)
{
    return signum > 0 && signum < MAX_SIGNALS ? s_trips_python[signum] : 0;
}

void *signals_native_chain_handler(int signum)
{
    if (signum <= 0 || signum >= MAX_SIGNALS)
        return NULL;
    const struct sigaction *target = published_target(&s_chain, signum);
    return target == NULL ? NULL : (target->sa_flags & SA_SIGINFO) ? (void *)target->sa_sigaction : (void *)target->sa_handler;
}

/* Ends the process by `signum`'s default action, as the kernel would (SIG_DFL, then the signal raised
   in this thread); returns only where that action does not end the process. */
void signals_native_take_default_action(int signum)
{
    if (signum > 0 && signum < MAX_SIGNALS)
        die_of(signum);
}
