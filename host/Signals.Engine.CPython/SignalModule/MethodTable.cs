using System.Runtime.InteropServices;
using Signals.Engine.CPython.Interop;
using Signals.Module;

namespace Signals.Engine.CPython.SignalModule;

/// <summary>
/// Each <c>_signal</c> function declared once: Python name, calling convention, and a doc whose first
/// line is CPython's text signature (<c>__text_signature__</c>).
/// </summary>
internal static unsafe class MethodTable
{
    private const int FastCall = Python.METH_FASTCALL;
    private const int One = Python.METH_O;
    private const int None = Python.METH_NOARGS;
    private const int Keywords = Python.METH_VARARGS | Python.METH_KEYWORDS;

    /// <summary>The running version's differences (docs, names, messages), from the libpython loaded.</summary>
    public static readonly ModuleSurface Surface = ModuleSurface.For(PythonLibrary.Minor);

    /// <summary>CPython's own module doc (the same in 3.10 to 3.13), so that nothing tells the two apart.</summary>
    public const string ModuleDoc =
        "This module provides mechanisms to use signal handlers in Python.\n"
        + "\n"
        + "Functions:\n"
        + "\n"
        + "alarm() -- cause SIGALRM after a specified time [Unix only]\n"
        + "setitimer() -- cause a signal (described below) after a specified\n"
        + "               float time and the timer may restart then [Unix only]\n"
        + "getitimer() -- get current value of timer [Unix only]\n"
        + "signal() -- set the action for a given signal\n"
        + "getsignal() -- get the signal action for a given signal\n"
        + "pause() -- wait until a signal arrives [Unix only]\n"
        + "default_int_handler() -- default SIGINT handler\n"
        + "\n"
        + "signal constants:\n"
        + "SIG_DFL -- used to refer to the system default handler\n"
        + "SIG_IGN -- used to ignore the signal\n"
        + "NSIG -- number of defined signals\n"
        + "SIGINT, SIGTERM, etc. -- signal numbers\n"
        + "\n"
        + "itimer constants:\n"
        + "ITIMER_REAL -- decrements in real time, and delivers SIGALRM upon\n"
        + "               expiration\n"
        + "ITIMER_VIRTUAL -- decrements only when the process is executing,\n"
        + "               and delivers SIGVTALRM upon expiration\n"
        + "ITIMER_PROF -- decrements both when the process is executing and\n"
        + "               when the system is executing on behalf of the process.\n"
        + "               Coupled with ITIMER_VIRTUAL, this timer is usually\n"
        + "               used to profile the time spent by the application\n"
        + "               in user and kernel space. SIGPROF is delivered upon\n"
        + "               expiration.\n"
        + "\n"
        + "\n"
        + "*** IMPORTANT NOTICE ***\n"
        + "A signal handler function is called with two arguments:\n"
        + "the first is the signal number, the second is the interrupted stack frame.";

    /// <summary>The module's functions in CPython's order: <c>_signal</c>'s <c>__dict__</c> keeps it, and
    /// <c>from _signal import *</c> carries it into <c>signal</c>'s globals.</summary>
    private static readonly Entry[] s_module =
    [
        new("default_int_handler", FastCall, (nint)(delegate* unmanaged<nint, nint*, nint, nint>)&SignalEntries.DefaultIntHandler,
            "default_int_handler($module, signalnum, frame, /)\n--\n\nThe default handler for SIGINT installed by Python.\n\nIt raises KeyboardInterrupt."),
        new("alarm", One, (nint)(delegate* unmanaged<nint, nint, nint>)&SignalEntries.Alarm,
            "alarm($module, seconds, /)\n--\n\nArrange for SIGALRM to arrive after the given number of seconds."),
        new("setitimer", FastCall, (nint)(delegate* unmanaged<nint, nint*, nint, nint>)&SignalEntries.SetITimer,
            "setitimer($module, which, seconds, interval=0.0, /)\n--\n\nSets given itimer (one of ITIMER_REAL, ITIMER_VIRTUAL or ITIMER_PROF).\n\nThe timer will fire after value seconds and after that every interval seconds.\nThe itimer can be cleared by setting seconds to zero.\n\nReturns old values as a tuple: (delay, interval)."),
        new("getitimer", One, (nint)(delegate* unmanaged<nint, nint, nint>)&SignalEntries.GetITimer,
            "getitimer($module, which, /)\n--\n\nReturns current value of given itimer."),
        new("signal", FastCall, (nint)(delegate* unmanaged<nint, nint*, nint, nint>)&SignalEntries.Signal,
            "signal($module, signalnum, handler, /)\n--\n\nSet the action for the given signal.\n\nThe action can be SIG_DFL, SIG_IGN, or a callable Python object.\nThe previous action is returned.  See getsignal() for possible return values.\n\n*** IMPORTANT NOTICE ***\nA signal handler function is called with two arguments:\nthe first is the signal number, the second is the interrupted stack frame."),
        new("raise_signal", One, (nint)(delegate* unmanaged<nint, nint, nint>)&SignalEntries.RaiseSignal,
            "raise_signal($module, signalnum, /)\n--\n\nSend a signal to the executing process."),
        new("strsignal", One, (nint)(delegate* unmanaged<nint, nint, nint>)&SignalEntries.StrSignal,
            "strsignal($module, signalnum, /)\n--\n\nReturn the system description of the given signal.\n\nReturns the description of signal *signalnum*, such as \"Interrupt\"\nfor :const:`SIGINT`. Returns :const:`None` if *signalnum* has no\ndescription. Raises :exc:`ValueError` if *signalnum* is invalid."),
        new("getsignal", One, (nint)(delegate* unmanaged<nint, nint, nint>)&SignalEntries.GetSignal,
            "getsignal($module, signalnum, /)\n--\n\nReturn the current action for the given signal.\n\nThe return value can be:\n  SIG_IGN -- if the signal is being ignored\n  SIG_DFL -- if the default action for the signal is in effect\n  None    -- if an unknown handler is in effect\n  anything else -- the callable Python object used as a handler"),
        new("set_wakeup_fd", Keywords, (nint)(delegate* unmanaged<nint, nint, nint, nint>)&SignalEntries.SetWakeupFd,
            "set_wakeup_fd(fd, *, warn_on_full_buffer=True) -> fd\n\nSets the fd to be written to (with the signal number) when a signal\ncomes in.  A library can use this to wakeup select or poll.\nThe previous fd or -1 is returned.\n\nThe fd must be non-blocking."),
        new("siginterrupt", FastCall, (nint)(delegate* unmanaged<nint, nint*, nint, nint>)&SignalEntries.SigInterrupt,
            "siginterrupt($module, signalnum, flag, /)\n--\n\nChange system call restart behaviour.\n\nIf flag is False, system calls will be restarted when interrupted by\nsignal sig, else system calls will be interrupted."),
        new("pause", None, (nint)(delegate* unmanaged<nint, nint, nint>)&SignalEntries.Pause,
            "pause($module, /)\n--\n\nWait until a signal arrives."),
        new("pidfd_send_signal", FastCall, (nint)(delegate* unmanaged<nint, nint*, nint, nint>)&SignalEntries.PidfdSendSignal,
            "pidfd_send_signal($module, pidfd, signalnum, siginfo=None, flags=0, /)\n--\n\nSend a signal to a process referred to by a pid file descriptor."),
        new("pthread_kill", FastCall, (nint)(delegate* unmanaged<nint, nint*, nint, nint>)&SignalEntries.PthreadKill,
            "pthread_kill($module, thread_id, signalnum, /)\n--\n\nSend a signal to a thread."),
        new("pthread_sigmask", FastCall, (nint)(delegate* unmanaged<nint, nint*, nint, nint>)&SignalEntries.PthreadSigmask,
            "pthread_sigmask($module, how, mask, /)\n--\n\nFetch and/or change the signal mask of the calling thread."),
        new("sigpending", None, (nint)(delegate* unmanaged<nint, nint, nint>)&SignalEntries.SigPending,
            "sigpending($module, /)\n--\n\nExamine pending signals.\n\nReturns a set of signal numbers that are pending for delivery to\nthe calling thread."),
        new("sigwait", One, (nint)(delegate* unmanaged<nint, nint, nint>)&SignalEntries.SigWait,
            "sigwait($module, sigset, /)\n--\n\nWait for a signal.\n\nSuspend execution of the calling thread until the delivery of one of the\nsignals specified in the signal set sigset.  The function accepts the signal\nand returns the signal number."),
        new("sigwaitinfo", One, (nint)(delegate* unmanaged<nint, nint, nint>)&SignalEntries.SigWaitInfo,
            "sigwaitinfo($module, sigset, /)\n--\n\nWait synchronously until one of the signals in *sigset* is delivered.\n\nReturns a struct_siginfo containing information about the signal."),
        new("sigtimedwait", FastCall, (nint)(delegate* unmanaged<nint, nint*, nint, nint>)&SignalEntries.SigTimedWait,
            "sigtimedwait($module, sigset, timeout, /)\n--\n\nLike sigwaitinfo(), but with a timeout.\n\nThe timeout is specified in seconds, with floating point numbers allowed."),
        new("valid_signals", None, (nint)(delegate* unmanaged<nint, nint, nint>)&SignalEntries.ValidSignals,
            "valid_signals($module, /)\n--\n\nReturn a set of valid signal numbers on this platform.\n\nThe signal numbers returned by this function can be safely passed to\nfunctions like `pthread_sigmask`."),
    ];

    private static Python.PyMethodDef* s_moduleMethods;

    /// <summary>default_int_handler as one object shared by every module instance (getsignal identity).</summary>
    public static Python.PyMethodDef* DefaultIntHandler => ModuleMethods();

    /// <summary>What the interpreter's trip table calls for a signal with a Python handler.</summary>
    public static readonly Python.PyMethodDef* Trampoline = Single(
        "_signal_trampoline", FastCall, (nint)(delegate* unmanaged<nint, nint*, nint, nint>)&SignalEntries.Trampoline,
        "_signal_trampoline($module, signalnum, frame, /)\n--\n\nRuns the Python handler the C# _signal recorded for signalnum.");

    /// <summary>The handler of the host's cancellation carrier signal.</summary>
    public static readonly Python.PyMethodDef* Cancel = Single(
        "_signal_cancel", FastCall, (nint)(delegate* unmanaged<nint, nint*, nint, nint>)&SignalEntries.Cancel,
        "_signal_cancel($module, signalnum, frame, /)\n--\n\nRaises the exception the host asked for.");

    /// <summary>Run at interpreter shut-down (atexit): the OS-level handler stops tripping the interpreter.</summary>
    public static readonly Python.PyMethodDef* Shutdown = Single(
        "_signal_shutdown", None, (nint)(delegate* unmanaged<nint, nint, nint>)&SignalEntries.Shutdown,
        "_signal_shutdown($module, /)\n--\n\nStops signal delivery to the interpreter as it shuts down.");

    /// <summary>The module's method table (NULL-terminated, allocated once for the process).</summary>
    public static Python.PyMethodDef* ModuleMethods()
    {
        if (s_moduleMethods is null)
        {
            var table = (Python.PyMethodDef*)NativeMemory.AllocZeroed((nuint)(sizeof(Python.PyMethodDef) * (s_module.Length + 1)));
            for (int i = 0; i < s_module.Length; i++)
            {
                Fill(&table[i], s_module[i]);
            }

            s_moduleMethods = table;
        }

        return s_moduleMethods;
    }

    private static Python.PyMethodDef* Single(string name, int flags, nint function, string doc)
    {
        var definition = (Python.PyMethodDef*)NativeMemory.AllocZeroed((nuint)sizeof(Python.PyMethodDef));
        Fill(definition, new Entry(name, flags, function, doc));
        return definition;
    }

    private static void Fill(Python.PyMethodDef* definition, Entry entry)
    {
        definition->Name = PythonApi.PermanentUtf8(entry.Name);
        definition->Method = entry.Function;
        definition->Flags = entry.Flags;
        definition->Doc = PythonApi.PermanentUtf8(Surface.Doc(entry.Name, entry.Doc));
    }

    /// <summary>One function of the table (the project's own type, so its code is precompiled, unlike a tuple's).</summary>
    private readonly record struct Entry(string Name, int Flags, nint Function, string Doc);
}
