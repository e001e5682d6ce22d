namespace Signals.Module;

/// <summary>
/// Every message the module raises, exactly as CPython's (3.11's; <see cref="ModuleSurface"/> picks other versions' wording) <c>Modules/signalmodule.c</c> and its
/// argument converters word them (checked against Debian's python3.11 by the differential tests).
/// </summary>
public static class Messages
{
    /// <summary><c>signal.signal</c> called outside the main thread.</summary>
    public const string SignalOnlyInMainThread = "signal only works in main thread of the main interpreter";
    /// <summary><c>set_wakeup_fd</c> called outside the main thread.</summary>
    public const string WakeupOnlyInMainThread = "set_wakeup_fd only works in main thread of the main interpreter";
    /// <summary>A signal number outside 1 to NSIG - 1.</summary>
    public const string SignalNumberOutOfRange = "signal number out of range";
    /// <summary>A handler that is neither SIG_IGN, SIG_DFL nor callable.</summary>
    public const string BadHandler = "signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object";
    /// <summary><c>sigtimedwait</c> with a negative timeout.</summary>
    public const string TimeoutNegative = "timeout must be non-negative";
    /// <summary><c>pidfd_send_signal</c> with a siginfo other than None.</summary>
    public const string SiginfoMustBeNone = "siginfo must be None";

    /// <summary><c>set_wakeup_fd</c> with a blocking descriptor.</summary>
    public static string FdMustBeNonBlocking(int fd) => $"the fd {fd} must be in non-blocking mode";

    /// <summary>A signal set holding a number outside 1 to <paramref name="nsig"/> - 1 (3.11 onwards).</summary>
    public static string SetOutOfRange(long signum, int nsig) => $"signal number {signum} out of range [1; {nsig - 1}]";

    /// <summary>3.10's wording of <see cref="SetOutOfRange"/>.</summary>
    public static string SetOutOfRangeWithoutBounds(long signum) => $"signal number {signum} out of range";

    /// <summary>A signal set holding a number the platform has no signal for.</summary>
    public static string InvalidSignalInSet(long signum) => $"invalid signal number {signum}, please use valid_signals()";

    /// <summary>The warning for a signal that arrived while its handler was being replaced by SIG_IGN.</summary>
    public static string IgnoredDueToRace(int signum) => $"Signal {signum} ignored due to race condition";

    /// <summary>The unraisable-hook text for a failed wakeup write (before 3.13).</summary>
    public const string WakeupWriteFailed = "Exception ignored when trying to write to the signal wakeup fd:\n";

    /// <summary>3.13's <c>err_msg</c> for the same failure (passed to <c>PyErr_FormatUnraisable</c>).</summary>
    public const string WakeupWriteFailedUnraisable = "Exception ignored when trying to write to the signal wakeup fd";

    /// <summary>Argument Clinic's <c>int</c> converter beyond a C int's range.</summary>
    public const string IntTooLargeForCInt = "Python int too large to convert to C int";

    /// <summary>Argument Clinic's positional count check ("signal expected 2 arguments, got 1").</summary>
    public static string PositionalCount(string function, nint given, int min, int max)
    {
        int bound = given < min ? min : max;
        string qualifier = min == max ? string.Empty : given < min ? "at least " : "at most ";
        return $"{function} expected {qualifier}{bound} argument{(bound == 1 ? string.Empty : "s")}, got {given}";
    }

    /// <summary>Argument Clinic's check of an int argument.</summary>
    public static string MustBeInt(string function, int position, string typeName) =>
        $"{function}() argument {position} must be int, not {typeName}";

    /// <summary><c>set_wakeup_fd</c> with more than two arguments.</summary>
    public static string WakeupTakesAtMostTwo(nint given) => $"set_wakeup_fd() takes at most 2 arguments ({given} given)";

    /// <summary>getargs' "i" unit (set_wakeup_fd's fd).</summary>
    public const string SignedIntTooLarge = "signed integer is greater than maximum";
    /// <summary>getargs' "i" unit below a C int's range.</summary>
    public const string SignedIntTooSmall = "signed integer is less than minimum";

    /// <summary><c>set_wakeup_fd</c> without its positional argument (a format: the count given).</summary>
    public const string WakeupTakesOnePositional = "set_wakeup_fd() takes exactly 1 positional argument ({0} given)";
    /// <summary><c>set_wakeup_fd</c> with more than one positional argument (a format: the count given).</summary>
    public const string WakeupTakesAtMostOnePositional = "set_wakeup_fd() takes at most 1 positional argument ({0} given)";
    /// <summary><c>set_wakeup_fd</c> with an unknown keyword (a format: the keyword).</summary>
    public const string WakeupInvalidKeyword = "'{0}' is an invalid keyword argument for set_wakeup_fd()";

    /// <summary>A call whose keyword names are not all strings.</summary>
    public const string KeywordsMustBeStrings = "keywords must be strings";

    /// <summary>3.13's Argument Clinic parser of set_wakeup_fd.</summary>
    public const string WakeupTakesExactlyOnePositional = "set_wakeup_fd() takes exactly 1 positional argument ({0} given)";
    /// <summary>3.13's <c>set_wakeup_fd</c> with an unknown keyword (a format: the keyword).</summary>
    public const string WakeupUnexpectedKeyword = "set_wakeup_fd() got an unexpected keyword argument '{0}'";
}
