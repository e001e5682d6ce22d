namespace Signals.Module;

/// <summary>
/// Every message the module raises, exactly as CPython 3.11's <c>Modules/signalmodule.c</c> and its
/// argument converters word them (checked against Debian's python3.11 by the differential tests).
/// </summary>
public static class Messages
{
    public const string SignalOnlyInMainThread = "signal only works in main thread of the main interpreter";
    public const string WakeupOnlyInMainThread = "set_wakeup_fd only works in main thread of the main interpreter";
    public const string SignalNumberOutOfRange = "signal number out of range";
    public const string BadHandler = "signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object";
    public const string TimeoutNegative = "timeout must be non-negative";
    public const string SiginfoMustBeNone = "siginfo must be None";

    public static string FdMustBeNonBlocking(int fd) => $"the fd {fd} must be in non-blocking mode";

    public static string SetOutOfRange(long signum, int nsig) => $"signal number {signum} out of range [1; {nsig - 1}]";

    public static string InvalidSignalInSet(long signum) => $"invalid signal number {signum}, please use valid_signals()";

    public static string IgnoredDueToRace(int signum) => $"Signal {signum} ignored due to race condition";

    public const string WakeupWriteFailed = "Exception ignored when trying to write to the signal wakeup fd:\n";

    public static string MustBeInt(string function, int position, string typeName) =>
        $"{function}() argument {position} must be int, not {typeName}";

    public static string WakeupTakesAtMostTwo(nint given) => $"set_wakeup_fd() takes at most 2 arguments ({given} given)";

    /// <summary>getargs' "i" unit (set_wakeup_fd's fd).</summary>
    public const string SignedIntTooLarge = "signed integer is greater than maximum";
    public const string SignedIntTooSmall = "signed integer is less than minimum";

    public const string WakeupTakesOnePositional = "set_wakeup_fd() takes exactly 1 positional argument ({0} given)";
    public const string WakeupTakesAtMostOnePositional = "set_wakeup_fd() takes at most 1 positional argument ({0} given)";
    public const string WakeupInvalidKeyword = "'{0}' is an invalid keyword argument for set_wakeup_fd()";
}
