namespace Signals.Module;

/// <summary>
/// What <c>_signal</c> shows differently from one CPython minor version to the next: names,
/// messages, argument parsing and docstrings. One row per supported version; the engine picks the
/// row of the libpython it loaded, so a program sees the module of the version it runs on.
/// Everything else in the module is the same in 3.10 to 3.13 (measured by dumping each version's
/// <c>_signal</c>: names, constants, text signatures, docs, and the messages of ~50 bad calls).
/// </summary>
/// <param name="Minor">The 3.x minor version.</param>
/// <param name="HasSigStkFlt">Whether <c>SIGSTKFLT</c> is exported (added in 3.11).</param>
/// <param name="SetRangeInMessage">
/// Whether a bad number in a signal set reports the valid range (<c>signal number 0 out of range [1; 64]</c>, 3.11+).
/// </param>
/// <param name="WakeupByClinic">
/// Whether <c>set_wakeup_fd</c> parses its arguments with Argument Clinic (3.13+): keywords are checked
/// before the fd is converted, with Clinic's messages, and the fd is a Clinic <c>int</c>.
/// </param>
/// <param name="Docs">Function name to <c>__doc__</c> (text signature first) where this version differs from 3.11's.</param>
/// <param name="RaiseSignalRunsHandlers">
/// Whether <c>raise_signal</c> runs pending handlers before it returns (3.11+); in 3.10 the handler runs
/// at the next check of the eval loop, as after <c>os.kill</c>.
/// </param>
/// <param name="WakeupErrorAsUnraisableMessage">
/// Whether a failed write to the wakeup fd is reported to <c>sys.unraisablehook</c> with the message as
/// its <c>err_msg</c> (3.12+), instead of the message on stderr and a bare unraisable error.
/// </param>
public sealed record ModuleSurface(
    int Minor,
    bool HasSigStkFlt,
    bool SetRangeInMessage,
    bool WakeupByClinic,
    IReadOnlyDictionary<string, string> Docs,
    bool RaiseSignalRunsHandlers = true,
    bool WakeupErrorAsUnraisableMessage = false)
{
    private static readonly Dictionary<string, string> s_sameAs311 = [];

    /// <summary>3.11 and 3.12 show the same module; the default.</summary>
    public static readonly ModuleSurface Python311 = new(11, HasSigStkFlt: true, SetRangeInMessage: true, WakeupByClinic: false, s_sameAs311);

    private static readonly ModuleSurface[] s_rows =
    [
        new(10, HasSigStkFlt: false, SetRangeInMessage: false, WakeupByClinic: false, new Dictionary<string, string>
        {
            ["strsignal"] = "strsignal($module, signalnum, /)\n--\n\nReturn the system description of the given signal.\n\n"
                + "The return values can be such as \"Interrupt\", \"Segmentation fault\", etc.\n"
                + "Returns None if the signal is not recognized.",
        }, RaiseSignalRunsHandlers: false),
        Python311,
        Python311 with { Minor = 12, WakeupErrorAsUnraisableMessage = true },
        new(13, HasSigStkFlt: true, SetRangeInMessage: true, WakeupByClinic: true, new Dictionary<string, string>
        {
            ["set_wakeup_fd"] = "set_wakeup_fd($module, fd, /, *, warn_on_full_buffer=True)\n--\n\n"
                + "Sets the fd to be written to (with the signal number) when a signal comes in.\n\n"
                + "A library can use this to wakeup select or poll.\nThe previous fd or -1 is returned.\n\n"
                + "The fd must be non-blocking.",
            ["sigtimedwait"] = "sigtimedwait($module, sigset, timeout, /)\n--\n\nLike sigwaitinfo(), but with a timeout.\n\n"
                + "The timeout is specified in seconds, with floating-point numbers allowed.",
        }, WakeupErrorAsUnraisableMessage: true),
    ];

    /// <summary>The surface of 3.<paramref name="minor"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A version without a row.</exception>
    public static ModuleSurface For(int minor) =>
        Array.Find(s_rows, row => row.Minor == minor)
        ?? throw new ArgumentOutOfRangeException(nameof(minor), minor, "no _signal surface for this CPython version");

    /// <summary><paramref name="function"/>'s doc in this version, or <paramref name="doc311"/> where it is 3.11's.</summary>
    public string Doc(string function, string doc311) => Docs.TryGetValue(function, out string? doc) ? doc : doc311;

    /// <summary>The message for a bad number in a signal set.</summary>
    public string SetOutOfRange(long signum, int nsig) =>
        SetRangeInMessage ? Messages.SetOutOfRange(signum, nsig) : Messages.SetOutOfRangeWithoutBounds(signum);

    /// <summary>
    /// Every integer constant this version's <c>_signal</c> exports, with its Linux value, in CPython's
    /// order: <c>NSIG</c>, <c>pthread_sigmask</c>'s <c>SIG_BLOCK</c>/<c>SIG_UNBLOCK</c>/<c>SIG_SETMASK</c>,
    /// the signal names (aliases included), then the itimers <c>ITIMER_REAL</c>/<c>ITIMER_VIRTUAL</c>/<c>ITIMER_PROF</c>.
    /// </summary>
    public IEnumerable<ModuleConstant> IntegerConstants
    {
        get
        {
            yield return new("NSIG", SignalModule.NSig);
            yield return new("SIG_BLOCK", 0);
            yield return new("SIG_UNBLOCK", 1);
            yield return new("SIG_SETMASK", 2);
            foreach (SignalName entry in Signals.Module.SignalNames.Entries)
            {
                if (HasSigStkFlt || entry.Name != "SIGSTKFLT")
                {
                    yield return new(entry.Name, entry.Number);
                }
            }

            yield return new("ITIMER_REAL", 0);
            yield return new("ITIMER_VIRTUAL", 1);
            yield return new("ITIMER_PROF", 2);
        }
    }
}

/// <summary>An integer constant of <c>_signal</c> (<c>SIG_BLOCK</c>, <c>SIGTERM</c>) and its value.</summary>
/// <remarks>The project's own type, as <see cref="SignalName"/>: precompiled with the assembly.</remarks>
public readonly record struct ModuleConstant(string Name, int Value);
