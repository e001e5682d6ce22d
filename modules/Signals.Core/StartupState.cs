using Signals.Core.Interop;

namespace Signals.Core;

/// <summary>
/// Puts the process's dispositions where <c>python3.11</c> starts from, undoing what the .NET runtime
/// did before <c>Main</c>.
/// </summary>
/// <remarks>
/// CoreCLR catches SIGINT and SIGQUIT at start-up (and System.Native SIGTERM once used); CPython's
/// <c>_signal</c> records a foreign handler as <c>None</c> and would then not install
/// <c>default_int_handler</c>. A signal the process inherited as ignored stays ignored, as in CPython
/// (the runtime leaves inherited SIG_IGN alone too). CPython's <c>signal_install_handlers</c> ignores
/// SIGPIPE and SIGXFSZ; so do we.
/// </remarks>
public static class StartupState
{
    /// <summary>Signals the runtime pre-owns that a Python process leaves at their default action.</summary>
    private static readonly int[] s_runtimeOwnedTerminationSignals = [Libc.SIGINT, Libc.SIGQUIT, Libc.SIGTERM];

    /// <summary>Signals CPython ignores at start-up so writes fail with an error instead of killing it.</summary>
    private static readonly int[] s_ignoredAtStart = [Libc.SIGPIPE, Libc.SIGXFSZ];

    public static void ApplyPythonDefaults()
    {
        foreach (int signum in s_runtimeOwnedTerminationSignals)
        {
            if (SignalCore.Current(signum) == DispositionKind.Foreign)
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
