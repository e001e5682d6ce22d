/*
 * runtime_hook.c: routes the .NET runtime's System.Native signal calls through the core.
 *
 * NOT signal-handler code: everything here runs on ordinary threads (the app's, when it subscribes
 * Console.CancelKeyPress, PosixSignalRegistration or Process; .NET's signal-handling thread, when a
 * subscriber did not cancel). The async-signal-safe zone is signal_handler.c.
 *
 * Why. System.Native installs its handler with sigaction(2) whenever a .NET subscriber appears,
 * saving the action it replaces; for SIGINT, SIGQUIT and SIGTERM it never calls that action, and
 * when no subscriber cancels it puts that action back and sends the signal to the process again
 * (pal_signal.c, HandleNonCanceledPosixSignal). Installed after the core's handler, it would stand in
 * front of it and the script's handler would never run (or would run where the app should end).
 *
 * How. The entries of System.Native's global offset table for `sigaction` and `kill` are pointed at
 * the two functions below (once, at the core's start; libSystem.Native.so is bound at load time
 * and its table is read-only after relocation, so the page is made writable for the write and read-only
 * again). Each call is handed to the core's callback (C#, Signals.Core.SignalCore.RuntimeCalls),
 * which decides under the core's lock: for a signal the core's handler holds, System.Native reads
 * and writes the action beneath the core's (the core chains to it), and its "send the signal again"
 * becomes a request for the default action; for other signals the call goes to libc unchanged.
 * Other libraries' calls (CPython's, faulthandler's, CoreCLR's) are not touched.
 *
 * A child between vfork and exec (System.Native's Process.Start resets handlers there) must not
 * run managed code: calls from any process but the one that installed the hook go straight to libc.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <link.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The core's callbacks: 0 on success, else the errno to report. */
typedef int (*sigaction_callback)(int signum, const struct sigaction *action, struct sigaction *old);
typedef int (*kill_callback)(int pid, int signum);

static sigaction_callback volatile s_on_sigaction;
static kill_callback volatile s_on_kill;
static volatile pid_t s_hooked_pid;

static int from_hooked_process(void)
{
    return (pid_t)syscall(SYS_getpid) == s_hooked_pid;
}

static int runtime_sigaction(int signum, const struct sigaction *action, struct sigaction *old)
{
    sigaction_callback callback = s_on_sigaction;
    if (callback == NULL || !from_hooked_process())
        return sigaction(signum, action, old);
    int error = callback(signum, action, old);
    if (error != 0) {
        errno = error;
        return -1;
    }
    return 0;
}

static int runtime_kill(pid_t pid, int signum)
{
    kill_callback callback = s_on_kill;
    if (callback == NULL || !from_hooked_process())
        return kill(pid, signum);
    int error = callback((int)pid, signum);
    if (error != 0) {
        errno = error;
        return -1;
    }
    return 0;
}

struct hook_search {
    const char *library; /* file name to match, e.g. "libSystem.Native.so" */
    int patched;         /* table entries rewritten */
    int failed;          /* an mprotect failed */
};

/* A dynamic-section address: glibc relocates most of them in place, but not on every target. */
static uintptr_t dynamic_address(const struct dl_phdr_info *info, ElfW(Addr) value)
{
    return value < info->dlpi_addr ? info->dlpi_addr + value : value;
}

static void *replacement_for(const char *name)
{
    if (strcmp(name, "sigaction") == 0)
        return (void *)runtime_sigaction;
    if (strcmp(name, "kill") == 0)
        return (void *)runtime_kill;
    return NULL;
}

/* Rewrites one table entry, making its page writable for the write when it lies in RELRO. */
static int rewrite_entry(void **entry, void *value, uintptr_t relro_start, uintptr_t relro_end)
{
    uintptr_t address = (uintptr_t)entry;
    if (address < relro_start || address >= relro_end) {
        __atomic_store_n(entry, value, __ATOMIC_RELEASE);
        return 0;
    }
    uintptr_t page_size = (uintptr_t)sysconf(_SC_PAGESIZE);
    void *page = (void *)(address & ~(page_size - 1));
    if (mprotect(page, page_size, PROT_READ | PROT_WRITE) != 0)
        return -1;
    __atomic_store_n(entry, value, __ATOMIC_RELEASE);
    return mprotect(page, page_size, PROT_READ);
}

static void patch_relocations(const struct dl_phdr_info *info, const ElfW(Rela) *relocations, size_t size,
                              const ElfW(Sym) *symbols, const char *strings, uintptr_t relro_start,
                              uintptr_t relro_end, struct hook_search *search)
{
    for (size_t index = 0; index < size / sizeof(ElfW(Rela)); index++) {
        size_t symbol = ELF64_R_SYM(relocations[index].r_info);
        if (symbol == 0)
            continue;
        void *replacement = replacement_for(strings + symbols[symbol].st_name);
        if (replacement == NULL)
            continue;
        void **entry = (void **)(info->dlpi_addr + relocations[index].r_offset);
        if (rewrite_entry(entry, replacement, relro_start, relro_end) == 0)
            search->patched++;
        else
            search->failed = 1;
    }
}

static int patch_module(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    struct hook_search *search = data;
    const char *slash = strrchr(info->dlpi_name, '/');
    const char *file = slash != NULL ? slash + 1 : info->dlpi_name;
    if (strcmp(file, search->library) != 0)
        return 0;

    const ElfW(Dyn) *dynamic = NULL;
    uintptr_t relro_start = 0, relro_end = 0;
    for (int header = 0; header < info->dlpi_phnum; header++) {
        const ElfW(Phdr) *program = &info->dlpi_phdr[header];
        if (program->p_type == PT_DYNAMIC)
            dynamic = (const ElfW(Dyn) *)(info->dlpi_addr + program->p_vaddr);
        else if (program->p_type == PT_GNU_RELRO) {
            relro_start = info->dlpi_addr + program->p_vaddr;
            relro_end = relro_start + program->p_memsz;
        }
    }
    if (dynamic == NULL)
        return 0;

    const ElfW(Sym) *symbols = NULL;
    const char *strings = NULL;
    const ElfW(Rela) *plt = NULL, *data_relocations = NULL;
    size_t plt_size = 0, data_size = 0;
    for (const ElfW(Dyn) *entry = dynamic; entry->d_tag != DT_NULL; entry++) {
        switch (entry->d_tag) {
        case DT_SYMTAB: symbols = (const ElfW(Sym) *)dynamic_address(info, entry->d_un.d_ptr); break;
        case DT_STRTAB: strings = (const char *)dynamic_address(info, entry->d_un.d_ptr); break;
        case DT_JMPREL: plt = (const ElfW(Rela) *)dynamic_address(info, entry->d_un.d_ptr); break;
        case DT_PLTRELSZ: plt_size = entry->d_un.d_val; break;
        case DT_RELA: data_relocations = (const ElfW(Rela) *)dynamic_address(info, entry->d_un.d_ptr); break;
        case DT_RELASZ: data_size = entry->d_un.d_val; break;
        default: break;
        }
    }
    if (symbols == NULL || strings == NULL)
        return 0;
    if (plt != NULL)
        patch_relocations(info, plt, plt_size, symbols, strings, relro_start, relro_end, search);
    if (data_relocations != NULL) /* GLOB_DAT: a function whose address is taken */
        patch_relocations(info, data_relocations, data_size, symbols, strings, relro_start, relro_end, search);
    return 1;
}

/* Routes `library`'s sigaction and kill calls through the callbacks (see the top of this file).
   Returns the number of table entries rewritten (0: the library is not loaded, or does not call
   them through its table), or -1 with errno when a page could not be made writable. Call once. */
int signals_native_hook_runtime(const char *library, sigaction_callback on_sigaction, kill_callback on_kill)
{
    s_hooked_pid = (pid_t)syscall(SYS_getpid);
    s_on_sigaction = on_sigaction;
    s_on_kill = on_kill;
    struct hook_search search = {library, 0, 0};
    dl_iterate_phdr(patch_module, &search);
    return search.failed ? -1 : search.patched;
}
