/*
 * Tests of the project's native code (modules/Signals.Core/native/: the handler and the thread guard), built with
 * AddressSanitizer and UndefinedBehaviorSanitizer by tests/native/run. Real signals throughout.
 * Both sources are compiled into this program: thread_guard.c's pthread_create/execve then
 * interpose for it as they do for an LD_PRELOAD'ed process.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* The native API, as C# sees it. */
void *signals_native_handler_address(void);
void signals_native_set_trip(int (*trip)(int));
void signals_native_set_trips_python(int signum, int value);
int signals_native_set_chain(int signum, const struct sigaction *previous);
int signals_native_layout(int *sigaction_size, int *siginfo_size);
void *signals_native_fault_handler_address(void);
int signals_native_front_fault_signal(int signum, int sent_kills);
void signals_native_set_fault_sent_kills(int signum, int sent_kills);
void signals_native_set_wakeup(int fd, int warn_on_full_buffer);
int signals_native_take_wakeup_failures(int *last_errno);
uint64_t signals_native_received(int signum);

static int s_passed, s_failed;
static volatile sig_atomic_t s_trips, s_chained;

#define CHECK(condition, ...)                                  \
    do {                                                       \
        if (condition) {                                       \
            s_passed++;                                        \
        } else {                                               \
            s_failed++;                                        \
            fprintf(stderr, "FAILED %s:%d: ", __FILE__, __LINE__); \
            fprintf(stderr, __VA_ARGS__);                      \
            fprintf(stderr, "\n");                             \
        }                                                      \
    } while (0)

/* The errno of the failed wakeup writes since the last call, or 0. */
static int take_wakeup_errno(void)
{
    int last = 0;
    return signals_native_take_wakeup_failures(&last) ? last : 0;
}

static int trip(int signum) { (void)signum; s_trips++; return 0; }
static void previous_handler(int signum) { (void)signum; s_chained++; }

static void install(int signum)
{
    struct sigaction action = {0};
    action.sa_sigaction = (void (*)(int, siginfo_t *, void *))signals_native_handler_address();
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    sigaction(signum, &action, NULL);
}

static void test_trip_chain_and_count(void)
{
    struct sigaction previous = {0};
    previous.sa_handler = previous_handler;
    signals_native_set_trip(trip);
    signals_native_set_chain(SIGUSR1, &previous);
    signals_native_set_trips_python(SIGUSR1, 1);
    install(SIGUSR1);
    for (int i = 0; i < 1000; i++)
        raise(SIGUSR1);
    CHECK(s_trips == 1000, "trips %d", (int)s_trips);
    CHECK(s_chained == 1000, "chained %d", (int)s_chained);
    CHECK(signals_native_received(SIGUSR1) == 1000, "received %llu", (unsigned long long)signals_native_received(SIGUSR1));

    signals_native_set_trips_python(SIGUSR1, 0);
    signals_native_set_chain(SIGUSR1, NULL);
    raise(SIGUSR1);
    CHECK(s_trips == 1000 && s_chained == 1000, "after disabling: trips %d chained %d", (int)s_trips, (int)s_chained);
}

static void test_wakeup_fd(void)
{
    int fds[2];
    CHECK(pipe(fds) == 0, "pipe");
    fcntl(fds[1], F_SETFL, O_NONBLOCK);
    signals_native_set_trips_python(SIGUSR2, 1);
    install(SIGUSR2);
    signals_native_set_wakeup(fds[1], 1);
    errno = 1234;
    raise(SIGUSR2);
    CHECK(errno == 1234, "errno preserved across the handler: %d", errno);
    unsigned char byte = 0;
    CHECK(read(fds[0], &byte, 1) == 1 && byte == SIGUSR2, "wakeup byte %d", byte);
    CHECK(take_wakeup_errno() == 0, "no write error");

    /* Fill the pipe: with the warning on, EAGAIN is recorded; with it off, it is not. */
    while (write(fds[1], "x", 1) == 1)
        ;
    raise(SIGUSR2);
    CHECK(take_wakeup_errno() == EAGAIN, "full buffer reported");
    signals_native_set_wakeup(fds[1], 0);
    raise(SIGUSR2);
    CHECK(take_wakeup_errno() == 0, "full buffer silent with warn_on_full_buffer=False");

    /* A closed fd is reported even with the warning off. */
    close(fds[1]);
    raise(SIGUSR2);
    CHECK(take_wakeup_errno() == EBADF, "closed fd reported");
    signals_native_set_wakeup(-1, 1);
    close(fds[0]);
}

static void *storm_sender(void *target)
{
    for (int i = 0; i < 20000; i++)
        pthread_kill(*(pthread_t *)target, i % 2 ? SIGUSR1 : SIGUSR2);
    return NULL;
}

static void test_storm_from_another_thread(void)
{
    signals_native_set_trips_python(SIGUSR1, 1);
    signals_native_set_trips_python(SIGUSR2, 1);
    uint64_t before = signals_native_received(SIGUSR1) + signals_native_received(SIGUSR2);
    pthread_t self = pthread_self(), sender;
    /* The sender is created through the guard: it blocks signals, the main thread takes them. */
    CHECK(pthread_create(&sender, NULL, storm_sender, &self) == 0, "sender thread");
    pthread_join(sender, NULL);
    uint64_t after = signals_native_received(SIGUSR1) + signals_native_received(SIGUSR2);
    CHECK(after > before, "storm handled (%llu signals)", (unsigned long long)(after - before));
}

static void *report_mask(void *out)
{
    pthread_sigmask(SIG_BLOCK, NULL, (sigset_t *)out);
    return NULL;
}

static void test_guard_blocks_new_threads(void)
{
    sigset_t mask;
    pthread_t thread;
    CHECK(pthread_create(&thread, NULL, report_mask, &mask) == 0, "thread");
    pthread_join(thread, NULL);
    CHECK(sigismember(&mask, SIGUSR1) && sigismember(&mask, SIGINT) && sigismember(&mask, SIGCHLD), "guard set blocked");
    CHECK(!sigismember(&mask, SIGRTMIN) && !sigismember(&mask, SIGSEGV), "SIGRTMIN and SIGSEGV left open");
    sigset_t own;
    pthread_sigmask(SIG_BLOCK, NULL, &own);
    CHECK(!sigismember(&own, SIGINT), "the initial thread keeps its mask");
}

static void *exec_child(void *status)
{
    pid_t pid = fork();
    if (pid == 0) {
        char *argv[] = {"/bin/sh", "-c", "grep -q '^SigBlk:\t0000000000000000$' /proc/self/status", NULL};
        execv(argv[0], argv);
        _exit(127);
    }
    waitpid(pid, (int *)status, 0);
    return NULL;
}

static void test_exec_from_guarded_thread_drops_the_guard(void)
{
    int status = -1;
    pthread_t thread;
    CHECK(pthread_create(&thread, NULL, exec_child, &status) == 0, "thread");
    pthread_join(thread, NULL);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child of a guarded thread starts unblocked (status %d)", status);
}

static void test_preload_restored(void)
{
    CHECK(getenv("SIGHOST_SAVED_LD_PRELOAD") == NULL, "saved variable removed");
    const char *preload = getenv("LD_PRELOAD");
    CHECK(preload && strcmp(preload, "caller-value") == 0, "LD_PRELOAD restored to the caller's: %s", preload ? preload : "(unset)");
    unsetenv("LD_PRELOAD"); /* not a real library: keep it from the children below */
}

/* ---- chaining: write-once slots published by number ---- */

static volatile sig_atomic_t s_plain_calls, s_info_calls;
static void plain_target(int signum) { (void)signum; s_plain_calls++; }
static void info_target(int signum, siginfo_t *info, void *context)
{
    (void)signum;
    (void)info;
    (void)context;
    s_info_calls++;
}

static struct sigaction plain_action(void)
{
    struct sigaction action = {0};
    action.sa_handler = plain_target;
    sigemptyset(&action.sa_mask);
    return action;
}

static struct sigaction info_action(void)
{
    struct sigaction action = {0};
    action.sa_sigaction = info_target;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    sigaddset(&action.sa_mask, SIGUSR2);
    return action;
}

static void test_layout_matches_what_csharp_declares(void)
{
    int sigaction_size = 0, siginfo_size = 0;
    int max_signals = signals_native_layout(&sigaction_size, &siginfo_size);
    CHECK(max_signals >= SIGRTMAX + 1, "MAX_SIGNALS %d covers SIGRTMAX %d", max_signals, SIGRTMAX);
    CHECK(sigaction_size == 152 && siginfo_size == 128, "sigaction %d, siginfo_t %d", sigaction_size, siginfo_size);
}

static void test_chain_slots_are_written_once(void)
{
    int signum = SIGWINCH;
    struct sigaction plain = plain_action(), info = info_action();
    s_plain_calls = s_info_calls = 0;
    signals_native_set_trips_python(signum, 0);
    install(signum);
    CHECK(signals_native_set_chain(signum, &plain) == 0, "publish plain");
    raise(signum);
    CHECK(signals_native_set_chain(signum, &info) == 0, "publish info");
    raise(signum);
    CHECK(s_plain_calls == 1 && s_info_calls == 1, "each target called once: plain %d info %d", (int)s_plain_calls, (int)s_info_calls);

    /* Publishing the same actions again reuses their slots: two more distinct ones fit, a fifth does not. */
    for (int round = 0; round < 10; round++) {
        CHECK(signals_native_set_chain(signum, round % 2 ? &plain : &info) == 0, "republish %d", round);
    }
    struct sigaction other = plain;
    sigaddset(&other.sa_mask, SIGHUP);
    CHECK(signals_native_set_chain(signum, &other) == 0, "third distinct action");
    other.sa_flags = SA_NODEFER;
    CHECK(signals_native_set_chain(signum, &other) == 0, "fourth distinct action");
    struct sigaction fifth = info;
    sigaddset(&fifth.sa_mask, SIGHUP);
    errno = 0;
    CHECK(signals_native_set_chain(signum, &fifth) == -1 && errno == ENOSPC, "fifth distinct action refused (errno %d)", errno);
    s_plain_calls = s_info_calls = 0;
    raise(signum);
    CHECK(s_plain_calls == 1 && s_info_calls == 0, "the target published before the refusal stays");
    CHECK(signals_native_set_chain(signum, &info) == 0, "a saved action is still publishable");
    CHECK(signals_native_set_chain(0, &info) == -1 && errno == EINVAL, "signal 0 refused");
    CHECK(signals_native_set_chain(signum, NULL) == 0, "unpublish");
    s_plain_calls = s_info_calls = 0;
    raise(signum);
    CHECK(s_plain_calls == 0 && s_info_calls == 0, "no target after unpublishing");
}

struct republisher {
    int signum;
    volatile int stop;
    int publications;
};

static void *republish(void *arg)
{
    struct republisher *r = arg;
    struct sigaction plain = plain_action(), info = info_action();
    while (!r->stop) {
        signals_native_set_chain(r->signum, r->publications % 2 ? &plain : &info);
        r->publications++;
    }
    return NULL;
}

/* A target republished while handlers run: every delivery reaches exactly one whole target. */
static void test_chain_republished_during_a_storm(void)
{
    int signum = SIGURG;
    signals_native_set_trips_python(signum, 0);
    signals_native_set_chain(signum, NULL);
    install(signum);
    s_plain_calls = s_info_calls = 0;
    uint64_t before = signals_native_received(signum);
    struct republisher r = {.signum = signum};
    pthread_t thread;
    CHECK(pthread_create(&thread, NULL, republish, &r) == 0, "republisher");
    while (r.publications == 0)
        sched_yield();
    for (int i = 0; i < 20000; i++)
        raise(signum);
    r.stop = 1;
    pthread_join(thread, NULL);
    uint64_t handled = signals_native_received(signum) - before;
    CHECK(handled == 20000, "handled %llu", (unsigned long long)handled);
    CHECK((uint64_t)(s_plain_calls + s_info_calls) == handled, "one target per delivery: %d + %d of %llu",
          (int)s_plain_calls, (int)s_info_calls, (unsigned long long)handled);
    CHECK(r.publications > 1, "republished %d times", r.publications);
    signals_native_set_chain(signum, NULL);
}

/* ---- fault signals: sent ones take the default action, real faults reach the runtime's handler ---- */

static sigjmp_buf s_fault_escape;
static volatile sig_atomic_t s_runtime_code;
static void runtime_fault_handler(int signum, siginfo_t *info, void *context)
{
    (void)signum;
    (void)context;
    s_runtime_code = info->si_code;
    siglongjmp(s_fault_escape, 1);
}

/* In a child: gives `signum` a runtime-like SA_SIGINFO handler, puts the fault handler in front of
   it, then runs `scenario`. Returns the child's wait status. */
static int run_fronted(int signum, int sent_kills, void (*scenario)(int))
{
    pid_t pid = fork();
    if (pid == 0) {
        struct rlimit no_core = {0, 0};
        setrlimit(RLIMIT_CORE, &no_core);
        struct sigaction runtime = {0};
        runtime.sa_sigaction = runtime_fault_handler;
        runtime.sa_flags = SA_SIGINFO | SA_NODEFER;
        sigemptyset(&runtime.sa_mask);
        sigaction(signum, &runtime, NULL);
        if (signals_native_front_fault_signal(signum, sent_kills) != 0)
            _exit(90);
        struct sigaction fronted;
        sigaction(signum, NULL, &fronted);
        if (fronted.sa_sigaction != signals_native_fault_handler_address() || !(fronted.sa_flags & SA_NODEFER))
            _exit(91); /* in front, with the runtime's flags */
        if (signals_native_front_fault_signal(signum, sent_kills) != 0)
            _exit(92); /* twice: the saved runtime action is kept, not replaced by the front handler */
        scenario(signum);
        _exit(0);
    }
    int status = -1;
    waitpid(pid, &status, 0);
    return status;
}

static void send_with_kill(int signum) { kill(getpid(), signum); }
static void send_with_raise(int signum) { raise(signum); }
static void send_with_sigqueue(int signum) { sigqueue(getpid(), signum, (union sigval){.sival_int = 1}); }
static void send_with_tgkill(int signum) { syscall(SYS_tgkill, getpid(), (pid_t)syscall(SYS_gettid), signum); }

static void ignore_then_kill(int signum)
{
    signals_native_set_fault_sent_kills(signum, 0);
    kill(getpid(), signum);
    signals_native_set_fault_sent_kills(signum, 1);
    kill(getpid(), signum);
}

static void real_fault(int signum)
{
    (void)signum;
    if (sigsetjmp(s_fault_escape, 1) == 0)
        __builtin_trap();
    _exit(s_runtime_code > 0 ? 42 : 43);
}

static void test_sent_fault_signals_end_the_process(void)
{
    int signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP};
    void (*senders[])(int) = {send_with_kill, send_with_raise, send_with_sigqueue, send_with_tgkill};
    for (size_t i = 0; i < sizeof signals / sizeof *signals; i++) {
        for (size_t j = 0; j < sizeof senders / sizeof *senders; j++) {
            int status = run_fronted(signals[i], 1, senders[j]);
            CHECK(WIFSIGNALED(status) && WTERMSIG(status) == signals[i], "signal %d, sender %zu: status %#x", signals[i], j, status);
        }
    }
}

static void test_sent_fault_signal_dropped_under_sig_ign(void)
{
    int status = run_fronted(SIGSEGV, 0, send_with_kill);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "SIG_IGN: survived (status %#x)", status);
    status = run_fronted(SIGABRT, 1, ignore_then_kill);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT, "SIG_IGN then SIG_DFL: killed (status %#x)", status);
}

static void test_real_fault_reaches_the_runtime_handler(void)
{
    /* __builtin_trap is SIGILL on x86_64 (ud2) and SIGTRAP on aarch64 (brk): front both. */
    int trap_signal = 0;
#if defined(__x86_64__)
    trap_signal = SIGILL;
#elif defined(__aarch64__)
    trap_signal = SIGTRAP;
#endif
    if (trap_signal == 0)
        return;
    int status = run_fronted(trap_signal, 1, real_fault);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 42, "the runtime's handler saw a real fault (status %#x)", status);
}

int main(void)
{
    test_preload_restored();
    test_layout_matches_what_csharp_declares();
    test_trip_chain_and_count();
    test_chain_slots_are_written_once();
    test_chain_republished_during_a_storm();
    test_sent_fault_signals_end_the_process();
    test_sent_fault_signal_dropped_under_sig_ign();
    test_real_fault_reaches_the_runtime_handler();
    test_wakeup_fd();
    test_storm_from_another_thread();
    test_guard_blocks_new_threads();
    test_exec_from_guarded_thread_drops_the_guard();
    printf("native: %d passed, %d failed\n", s_passed, s_failed);
    return s_failed != 0;
}
