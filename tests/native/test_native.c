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
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* The native API, as C# sees it. */
void *signals_native_handler_address(void);
void signals_native_set_trip(int (*trip)(int));
void signals_native_set_trips_python(int signum, int value);
void signals_native_set_chain(int signum, const struct sigaction *previous);
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

int main(void)
{
    test_preload_restored();
    test_trip_chain_and_count();
    test_wakeup_fd();
    test_storm_from_another_thread();
    test_guard_blocks_new_threads();
    test_exec_from_guarded_thread_drops_the_guard();
    printf("native: %d passed, %d failed\n", s_passed, s_failed);
    return s_failed != 0;
}
