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
    }
}
