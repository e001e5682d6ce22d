using Signals.Core;

namespace Signals.Module;

/// <summary>The signal names <c>_signal</c> exports on Linux, with their numbers (alias names included).</summary>
public static class SignalNames
{
    /// <summary>Numbers shared by every Linux architecture the project supports (x86_64, aarch64).</summary>
    private static readonly (string Name, int Number)[] s_fixed =
    [
        ("SIGHUP", 1), ("SIGINT", 2), ("SIGQUIT", 3), ("SIGILL", 4), ("SIGTRAP", 5), ("SIGABRT", 6),
        ("SIGIOT", 6), ("SIGBUS", 7), ("SIGFPE", 8), ("SIGKILL", 9), ("SIGUSR1", 10), ("SIGSEGV", 11),
        ("SIGUSR2", 12), ("SIGPIPE", 13), ("SIGALRM", 14), ("SIGTERM", 15), ("SIGSTKFLT", 16),
        ("SIGCHLD", 17), ("SIGCLD", 17), ("SIGCONT", 18), ("SIGSTOP", 19), ("SIGTSTP", 20),
        ("SIGTTIN", 21), ("SIGTTOU", 22), ("SIGURG", 23), ("SIGXCPU", 24), ("SIGXFSZ", 25),
        ("SIGVTALRM", 26), ("SIGPROF", 27), ("SIGWINCH", 28), ("SIGIO", 29), ("SIGPOLL", 29),
        ("SIGPWR", 30), ("SIGSYS", 31),
    ];

    /// <summary>Every name, with SIGRTMIN and SIGRTMAX as libc reports them at run time.</summary>
    public static IEnumerable<(string Name, int Number)> All =>
        s_fixed.Append(("SIGRTMIN", SignalCore.SigRtMin)).Append(("SIGRTMAX", SignalCore.SigRtMax));
}
