/*
 * sighost_main.c: the sighost executable. A small native host that starts the .NET runtime through
 * nethost/hostfxr on Signals.Cli.dll (beside this executable), so that sighost is a real ELF binary:
 * sys.executable, symlinks, venvs, shebang lines, fexecve and posix_spawn all see an interpreter
 * binary, as with python3. A copy of it in a venv (`-m venv --copies`) finds the runtime's files
 * through the venv's pyvenv.cfg, as CPython finds its prefix; a copy anywhere else, in the
 * directory it was built for (SIGHOST_INSTALL_DIR), while that still holds them.
 *
 * Before the runtime starts it does what a shell launcher used to do:
 *  - standard descriptors the caller closed are held on /dev/null while the runtime starts (else its
 *    own files take them) and named in SIGHOST_CLOSED_STDIO; the engine closes them again before
 *    Python starts, so the program sees them closed, as under python3;
 *  - runtime settings, each unless the caller set it: no LTTng probe (it searches dozens of paths at
 *    every start); no W^X double mapping of JIT code (a child of os.fork() that compiles code would
 *    write into its parent's code pages); a 2 MB gen0 budget (each handled signal allocates a little,
 *    and the default budget lets a signal storm grow the process by tens of MB before a collection);
 *    no diagnostics IPC (its socket and pipes are descriptors python3 does not have). The engine takes
 *    them out of the environment again before Python starts.
 * The thread guard (modules/Signals.Core/native/thread_guard.c) is linked into this executable and
 * exported (-rdynamic), so its pthread_create and execve interpose for every library of the process
 * without LD_PRELOAD, and nothing of it leaks into children.
 *
 * Built with SIGHOST_BUILTIN_PYTHON, it also carries Debian's CPython 3.11 (see names_builtin_python).
 *
 * The exit status is the managed Main's (hostfxr_run_app); a start-up failure prints one line and
 * gives 1.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hostfxr.h>
#include <nethost.h>

#define APP_NAME "Signals.Cli.dll"

static int fail(const char *what, const char *detail)
{
    fprintf(stderr, "sighost: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    return 1;
}

/* Holds each closed standard descriptor on /dev/null; records which in SIGHOST_CLOSED_STDIO. */
static void hold_closed_standard_descriptors(void)
{
    char closed[8] = "";
    size_t length = 0;
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
            continue;
        int held = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
        if (held != fd) {
            if (held >= 0)
                close(held);
            continue; /* a lower descriptor was closed too and took it: the loop reaches it first */
        }
        if (length)
            closed[length++] = ',';
        closed[length++] = (char)('0' + fd);
        closed[length] = '\0';
    }
    if (length)
        setenv("SIGHOST_CLOSED_STDIO", closed, 1);
    else
        unsetenv("SIGHOST_CLOSED_STDIO");
}

/* Sets each runtime setting the caller did not, and lists those in SIGHOST_RUNTIME_SETTINGS: the engine
 * removes them again before Python starts, so Python and its children see the caller's environment. */
static void set_runtime_defaults(void)
{
    static const char *const settings[][2] = {
        {"DOTNET_LTTng", "0"},
        {"DOTNET_EnableWriteXorExecute", "0"},
        {"DOTNET_GCgen0size", "0x200000"},
        /* No diagnostics IPC socket or debugger pipes: descriptors python3 does not have. */
        {"DOTNET_EnableDiagnostics", "0"},
    };
    char added[256] = "";
    for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++) {
        if (getenv(settings[i][0]))
            continue;
        setenv(settings[i][0], settings[i][1], 1);
        if (added[0])
            strcat(added, ",");
        strcat(added, settings[i][0]);
    }
    if (added[0])
        setenv("SIGHOST_RUNTIME_SETTINGS", added, 1);
    else
        unsetenv("SIGHOST_RUNTIME_SETTINGS");
}

#ifdef SIGHOST_BUILTIN_PYTHON
/* This executable carries Debian's CPython 3.11 (its static libpython3.11.a, linked in because it runs
 * pure Python faster than the shared library). Another CPython cannot be loaded beside it: that
 * library's calls to its own exported functions would bind to the built-in ones. So when
 * SIGHOST_PYTHON or PYTHONNET_PYDLL names another CPython, the run goes to sighost-shared, the same
 * host without a built-in CPython, with the same argv (so sys.executable stays this executable). */
static int names_builtin_python(const char *value)
{
    static const char *const same[] = {
        "python3.11", "/usr/bin/python3.11", "libpython3.11.so.1.0", "libpython3.11.so",
        "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0", "/usr/lib/aarch64-linux-gnu/libpython3.11.so.1.0",
    };
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++)
        if (strcmp(value, same[i]) == 0)
            return 1;
    return 0;
}

static int wants_other_python(void)
{
    const char *const variables[] = {"SIGHOST_PYTHON", "PYTHONNET_PYDLL"};
    for (size_t i = 0; i < sizeof variables / sizeof variables[0]; i++) {
        const char *value = getenv(variables[i]);
        if (value && *value && !names_builtin_python(value))
            return 1;
    }
    return 0;
}
#endif

/* The directory of this executable (symlinks resolved), with a trailing slash. */
static int own_directory(char *buffer, size_t size)
{
    ssize_t length = readlink("/proc/self/exe", buffer, size - 1);
    if (length <= 0 || (size_t)length >= size - 1)
        return -1;
    buffer[length] = '\0';
    char *slash = strrchr(buffer, '/');
    if (!slash)
        return -1;
    slash[1] = '\0';
    return 0;
}

/* Whether `directory` (with a trailing slash) holds Signals.Cli.dll. */
static int holds_app(const char *directory)
{
    char path[PATH_MAX];
    return snprintf(path, sizeof path, "%s%s", directory, APP_NAME) < (int)sizeof path && access(path, R_OK) == 0;
}

/* A copy of this executable in a virtual environment (`sighost -m venv --copies`) has no
 * Signals.Cli.dll beside it. As CPython finds its prefix, it reads `home` from the pyvenv.cfg beside
 * it or one directory up: the directory of the executable the environment was made from (a symlink
 * there is followed). Replaces `directory` with that executable's directory; -1 when there is none. */
static int venv_home_directory(char *directory, size_t size)
{
    const char *const places[] = {"pyvenv.cfg", "../pyvenv.cfg"};
    for (size_t i = 0; i < sizeof places / sizeof places[0]; i++) {
        char path[PATH_MAX];
        if (snprintf(path, sizeof path, "%s%s", directory, places[i]) >= (int)sizeof path)
            continue;
        FILE *config = fopen(path, "re");
        if (!config)
            continue;
        char line[PATH_MAX + 64], home[PATH_MAX] = "";
        while (fgets(line, sizeof line, config)) {
            char *key = line + strspn(line, " \t");
            if (strncmp(key, "home", 4) != 0)
                continue;
            char *value = key + 4 + strspn(key + 4, " \t");
            if (*value != '=')
                continue;
            value += 1 + strspn(value + 1, " \t");
            value[strcspn(value, "\r\n")] = '\0';
            snprintf(home, sizeof home, "%s", value);
            break;
        }
        fclose(config);
        if (!home[0])
            continue;
        /* The executable the environment was made from, symlinks followed, else the home itself. */
        char executable[PATH_MAX], resolved[PATH_MAX];
        snprintf(executable, sizeof executable, "%s/sighost", home);
        const char *base = realpath(executable, resolved) ? resolved : NULL;
        char candidate[PATH_MAX];
        if (base) {
            snprintf(candidate, sizeof candidate, "%s", base);
            char *slash = strrchr(candidate, '/');
            slash[1] = '\0';
        } else {
            snprintf(candidate, sizeof candidate, "%s/", home);
        }
        if (holds_app(candidate) && strlen(candidate) < size) {
            strcpy(directory, candidate);
            return 0;
        }
    }
    return -1;
}

int main(int argc, char **argv)
{
    char app[PATH_MAX];
    if (own_directory(app, sizeof app - sizeof APP_NAME) != 0)
        return fail("cannot find its own directory through /proc/self/exe", strerror(errno));
    if (!holds_app(app) && venv_home_directory(app, sizeof app - sizeof APP_NAME) != 0) {
#ifdef SIGHOST_INSTALL_DIR
        /* A copy elsewhere with no pyvenv.cfg (CPython's test_venv copies sys.executable beside a
         * copied standard library): the directory the executable was built for, if it is still there. */
        if (holds_app(SIGHOST_INSTALL_DIR "/") && strlen(SIGHOST_INSTALL_DIR "/") < sizeof app - sizeof APP_NAME)
            strcpy(app, SIGHOST_INSTALL_DIR "/");
#endif
    }
    /* First, before anything is changed: sighost-shared does its own start-up. */
#ifdef SIGHOST_BUILTIN_PYTHON
    if (wants_other_python()) {
        char shared[PATH_MAX + sizeof "sighost-shared"];
        snprintf(shared, sizeof shared, "%ssighost-shared", app);
        execv(shared, argv);
        return fail("cannot run sighost-shared for the CPython SIGHOST_PYTHON names", strerror(errno));
    }
#endif
    hold_closed_standard_descriptors();
    set_runtime_defaults();

    strcat(app, APP_NAME);
    if (access(app, R_OK) != 0)
        return fail("cannot read " APP_NAME " beside the executable", app);

    char fxr_path[PATH_MAX];
    size_t fxr_size = sizeof fxr_path;
    struct get_hostfxr_parameters where = {sizeof where, app, NULL};
    if (get_hostfxr_path(fxr_path, &fxr_size, &where) != 0)
        return fail("cannot find the .NET runtime (hostfxr); install the .NET 10 runtime or set DOTNET_ROOT", NULL);
    void *fxr = dlopen(fxr_path, RTLD_NOW | RTLD_LOCAL);
    if (!fxr)
        return fail("cannot load hostfxr", dlerror());
    hostfxr_initialize_for_dotnet_command_line_fn initialize =
        (hostfxr_initialize_for_dotnet_command_line_fn)dlsym(fxr, "hostfxr_initialize_for_dotnet_command_line");
    hostfxr_run_app_fn run = (hostfxr_run_app_fn)dlsym(fxr, "hostfxr_run_app");
    hostfxr_close_fn close_context = (hostfxr_close_fn)dlsym(fxr, "hostfxr_close");
    if (!initialize || !run || !close_context)
        return fail("hostfxr lacks the hosting entry points", fxr_path);

    /* The managed command line: the application, then this process's arguments. Signals.Cli reads
     * argv[0] and the raw bytes of the arguments from /proc/self/cmdline. */
    const char **managed = malloc(sizeof *managed * (size_t)(argc + 1));
    if (!managed)
        return fail("out of memory", NULL);
    managed[0] = app;
    for (int i = 1; i < argc; i++)
        managed[i] = argv[i];
    managed[argc] = NULL;

    hostfxr_handle context = NULL;
    int32_t status = initialize(argc, managed, NULL, &context);
    if (status < 0 || !context) {
        char code[16];
        snprintf(code, sizeof code, "0x%08x", (unsigned)status);
        return fail("cannot start the .NET runtime, hostfxr status", code);
    }
    int exit_code = run(context);
    close_context(context);
    return exit_code;
}
