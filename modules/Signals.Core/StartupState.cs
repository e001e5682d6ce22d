using Signals.Core.Interop;

namespace Signals.Core;

/// <summary>
/// Puts the process's dispositions where <c>python3.11</c> starts from, undoing what the .NET runtime
/// did before <c>Main</c>.
/// </summary>
/// <remarks>
/// CoreCLR catches SIGINT and SIGQUIT at start-up with handlers that only stand for "terminate":
/// they go back to SIG_DFL, so the module installs <c>default_int_handler</c> as CPython does. A
/// handler System.Native installed for the application (Console.CancelKeyPress,
/// PosixSignalRegistration) stays: the core chains to it. A signal the process inherited as ignored
/// stays ignored, as in CPython (the runtime leaves inherited SIG_IGN alone too). CPython's
/// <c>signal_install_handlers</c> ignores SIGPIPE and SIGXFSZ; so do we.
/// </remarks>
public static class StartupState
{
    /// <summary>Signals CoreCLR pre-owns that a Python process leaves at their default action.</summary>
    private static readonly int[] s_runtimeOwnedTerminationSignals = [Libc.SIGINT, Libc.SIGQUIT, Libc.SIGTERM];

    /// <summary>Signals CPython ignores at start-up so writes fail with an error instead of killing it.</summary>
    private static readonly int[] s_ignoredAtStart = [Libc.SIGPIPE, Libc.SIGXFSZ];

    /// <summary>
    /// Gives the process the dispositions CPython starts with: SIGINT, SIGQUIT and SIGTERM back at
    /// SIG_DFL where CoreCLR holds them, SIGPIPE and SIGXFSZ ignored; the fault signals fronted
    /// (<see cref="SignalCore.FrontFaultSignals"/>).
    /// </summary>
    public static void ApplyPythonDefaults()
    {
        foreach (int signum in s_runtimeOwnedTerminationSignals)
        {
            if (SignalCore.HeldByCoreClr(signum))
            {
                SignalCore.SetDefaultOrIgnored(signum, ignore: false);
            }
        }

        foreach (int signum in s_ignoredAtStart)
        {
            SignalCore.SetDefaultOrIgnored(signum, ignore: true);
        }

        SignalCore.FrontFaultSignals();
    }

    /// <summary>The launcher's list of standard descriptors (0, 1, 2) that were closed when it started.</summary>
    public const string ClosedStdioVariable = "SIGHOST_CLOSED_STDIO";

    /// <summary>
    /// Closes again the standard descriptors that were closed when the launcher started: it held them
    /// on /dev/null while the .NET runtime started, so the runtime's own descriptors could not take
    /// them. Python then starts with them closed, as python3.11 would (<c>sys.stdin</c> is None).
    /// The variable is removed from the environment. Call right before the interpreter initialises.
    /// </summary>
    public static void CloseStandardStreamsClosedAtLaunch()
    {
        string? closed = Environment.GetEnvironmentVariable(ClosedStdioVariable);
        if (closed is null)
        {
            return;
        }

        Libc.unsetenv(ClosedStdioVariable);
        Environment.SetEnvironmentVariable(ClosedStdioVariable, null);
        foreach (string item in closed.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (int.TryParse(item, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int fd) && fd is >= 0 and <= 2)
            {
                Libc.close(fd);
            }
        }
    }

    /// <summary>The executable's list of runtime variables it set itself (the caller had not).</summary>
    public const string RuntimeSettingsVariable = "SIGHOST_RUNTIME_SETTINGS";

    /// <summary>Writes out what C code (CPython's <c>printf</c>s) left in the C library's stdio buffers.</summary>
    public static void FlushCStdio() => Libc.fflush(0);

    /// <summary>
    /// Removes from the environment the runtime settings the sighost executable added for this
    /// process's runtime (<c>DOTNET_LTTng</c>, ...; the runtime has read them by now), so that Python
    /// sees the environment its caller gave, and children (a .NET program started from Python, say)
    /// do not inherit them. Variables the caller set are left alone.
    /// </summary>
    public static void ForgetRuntimeSettings()
    {
        string? added = Environment.GetEnvironmentVariable(RuntimeSettingsVariable);
        if (added is null)
        {
            return;
        }

        foreach (string name in added.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            Forget(name);
        }

        Forget(RuntimeSettingsVariable);

        static void Forget(string name)
        {
            Libc.unsetenv(name);
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    /// <summary>The process id when the runtime started (a forked child has another).</summary>
    private static readonly int s_startedAs = Libc.getpid();

    /// <summary>
    /// Whether this is a child of <c>os.fork()</c>: the .NET runtime was copied with only the forking
    /// thread, so its shutdown (which waits for the finalizer thread) would never end.
    /// </summary>
    public static bool InForkedChild => Libc.getpid() != s_startedAs;

    /// <summary>Records the process id; call once at start-up, before Python can fork.</summary>
    public static void RecordProcess() => _ = s_startedAs;

    /// <summary>
    /// Ends a forked child with <paramref name="status"/> once Python has finalised: flushes C stdio and
    /// calls <c>_exit</c>, as the runtime cannot shut down there. Returns in the original process.
    /// </summary>
    public static void ExitIfForkedChild(int status)
    {
        if (InForkedChild)
        {
            Libc.fflush(0);
            Libc._exit(status);
        }
    }
}
