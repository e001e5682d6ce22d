using System.Runtime.InteropServices;
using Signals.Core;
using Signals.Engine.CPython.Interop;
using Signals.Module;

namespace Signals.Engine.CPython.SignalModule;

/// <summary>
/// The C entry points of <c>_signal</c>'s functions: each converts its arguments with CPython's own
/// converters (Argument Clinic's checks, in its order), calls the engine-neutral module, and
/// converts the result. <see cref="PythonApi.Guard"/> turns every failure into a Python exception.
/// </summary>
internal static unsafe partial class SignalEntries
{
    private static Signals.Module.SignalModule Module => CPythonSignalModule.State;

    private static nint Guard(Func<nint> body) => PythonApi.Guard(body, CPythonSignalModule.ItimerErrorType);

    /// <summary>As <see cref="Guard(Func{nint})"/> for a hot entry: a static body and its arguments, no closure to allocate.</summary>
    private static nint Guard(nint* args, nint nargs, delegate*<nint*, nint, nint> body)
    {
        try
        {
            return body(args, nargs);
        }
        catch (Exception e)
        {
            return PythonApi.Fail(e, CPythonSignalModule.ItimerErrorType);
        }
    }

    /// <summary>Argument Clinic's positional count check ("signal expected 2 arguments, got 1").</summary>
    private static void Positional(string name, nint nargs, int min, int max)
    {
        if (nargs < min || nargs > max)
        {
            throw PythonError.Type(Messages.PositionalCount(name, nargs, min, max));
        }
    }

    [UnmanagedCallersOnly]
    public static nint DefaultIntHandler(nint self, nint* args, nint nargs) => Guard(() =>
    {
        Positional("default_int_handler", nargs, 2, 2);
        PythonApi.ToInt(args[0]);
        Python.PyErr_SetNone(PythonApi.KeyboardInterrupt);
        return 0;
    });

    [UnmanagedCallersOnly]
    public static nint Signal(nint self, nint* args, nint nargs) => Guard(args, nargs, &SignalBody);

    private static nint SignalBody(nint* args, nint nargs)
    {
        Positional("signal", nargs, 2, 2);
        int signum = PythonApi.ToInt(args[0]);
        nint handler = args[1];
        PyOwned stored = PyOwned.NewReference(handler); // the module's table takes it
        try
        {
            HandlerHandle previous = Module.Signal(signum, new HandlerHandle(stored.Borrow), Classify(handler));
            stored.Steal();
            return previous.Value; // the module handed back its reference to the previous handler
        }
        finally
        {
            stored.Dispose(); // only when Signal failed
        }
    }

    /// <summary>SIG_DFL and SIG_IGN only as exact ints (not bools or int subclasses), else callables.</summary>
    private static HandlerKind Classify(nint handler)
    {
        if (PythonApi.IsExactInt(handler))
        {
            int overflow;
            long value = Python.PyLong_AsLongAndOverflow(handler, &overflow);
            return overflow == 0 && value == 0 ? HandlerKind.Default
                : overflow == 0 && value == 1 ? HandlerKind.Ignore
                : HandlerKind.Invalid;
        }

        return Python.PyCallable_Check(handler) == 1 ? HandlerKind.Callable : HandlerKind.Invalid;
    }

    [UnmanagedCallersOnly]
    public static nint GetSignal(nint self, nint arg) => Guard(&arg, 1, &GetSignalBody);

    private static nint GetSignalBody(nint* arg, nint unused)
    {
        return PyOwned.NewReference(Module.GetSignal(PythonApi.ToInt(*arg)).Value).Steal();
    }

    [UnmanagedCallersOnly]
    public static nint StrSignal(nint self, nint arg) => Guard(() =>
    {
        string? description = Signals.Module.SignalModule.StrSignal(PythonApi.ToInt(arg));
        return description is null ? PythonApi.NewNone() : PythonApi.Check(Python.PyUnicode_FromString(description));
    });

    [UnmanagedCallersOnly]
    public static nint SigInterrupt(nint self, nint* args, nint nargs) => Guard(() =>
    {
        Positional("siginterrupt", nargs, 2, 2);
        int signum = PythonApi.ToInt(args[0]);
        int flag = PythonApi.ToInt(args[1]);
        Module.SigInterrupt(signum, flag != 0);
        return PythonApi.NewNone();
    });

    [UnmanagedCallersOnly]
    public static nint RaiseSignal(nint self, nint arg) => Guard(() =>
    {
        Module.RaiseSignal(PythonApi.ToInt(arg));
        return PythonApi.NewNone();
    });

    [UnmanagedCallersOnly]
    public static nint Alarm(nint self, nint arg) => Guard(() =>
        PythonApi.NewInt(Signals.Module.SignalModule.Alarm(PythonApi.ToInt(arg))));

    [UnmanagedCallersOnly]
    public static nint Pause(nint self, nint unused) => Guard(() =>
    {
        Module.Pause();
        return PythonApi.NewNone();
    });

    [UnmanagedCallersOnly]
    public static nint SetITimer(nint self, nint* args, nint nargs) => Guard(() =>
    {
        Positional("setitimer", nargs, 2, 3);
        int which = PythonApi.ToInt(args[0]);
        long delay = PythonApi.ToNanoseconds(args[1]);
        long interval = nargs > 2 ? PythonApi.ToNanoseconds(args[2]) : 0;
        return TimerTuple(Signals.Module.SignalModule.SetITimer(which, delay, interval));
    });

    [UnmanagedCallersOnly]
    public static nint GetITimer(nint self, nint arg) => Guard(() =>
        TimerTuple(Signals.Module.SignalModule.GetITimer(PythonApi.ToInt(arg))));

    private static nint TimerTuple((double Delay, double Interval) value) =>
        PythonApi.NewTuple(PythonApi.Check(Python.PyFloat_FromDouble(value.Delay)), PythonApi.Check(Python.PyFloat_FromDouble(value.Interval)));

    [UnmanagedCallersOnly]
    public static nint PthreadKill(nint self, nint* args, nint nargs) => Guard(() =>
    {
        Positional("pthread_kill", nargs, 2, 2);
        if (!CPythonSignalModule.IsInt(args[0]))
        {
            throw PythonError.Type(Messages.MustBeInt("pthread_kill", 1, CPythonSignalModule.TypeName(args[0])));
        }

        nuint thread = Python.PyLong_AsUnsignedLongMask(args[0]);
        if (thread == nuint.MaxValue && Python.PyErr_Occurred() != 0)
        {
            throw new PendingPythonException();
        }

        int signum = PythonApi.ToInt(args[1]);
        if (Python.PySys_Audit_kk("signal.pthread_kill", "kk", thread, (nuint)signum) < 0)
        {
            throw new PendingPythonException();
        }

        Module.PthreadKill(thread, signum);
        return PythonApi.NewNone();
    });

    [UnmanagedCallersOnly]
    public static nint PidfdSendSignal(nint self, nint* args, nint nargs) => Guard(() =>
    {
        Positional("pidfd_send_signal", nargs, 2, 4);
        int pidfd = PythonApi.ToInt(args[0]);
        int signum = PythonApi.ToInt(args[1]);
        bool siginfoIsNone = nargs < 3 || args[2] == PythonApi.None;
        int flags = nargs > 3 ? PythonApi.ToInt(args[3]) : 0;
        Signals.Module.SignalModule.PidfdSendSignal(pidfd, signum, siginfoIsNone, flags);
        return PythonApi.NewNone();
    });

    [UnmanagedCallersOnly]
    public static nint PthreadSigmask(nint self, nint* args, nint nargs) => Guard(() =>
    {
        Positional("pthread_sigmask", nargs, 2, 2);
        int how = PythonApi.ToInt(args[0]);
        IReadOnlyList<int> mask = SignalSet(args[1]);
        return PythonApi.NewIntSet(Module.PthreadSigmask(how, mask));
    });

    [UnmanagedCallersOnly]
    public static nint SigPending(nint self, nint unused) => Guard(() =>
        PythonApi.NewIntSet(Signals.Module.SignalModule.SigPending()));

    [UnmanagedCallersOnly]
    public static nint ValidSignals(nint self, nint unused) => Guard(() =>
        PythonApi.NewIntSet(Signals.Module.SignalModule.ValidSignals()));

    [UnmanagedCallersOnly]
    public static nint SigWait(nint self, nint arg) => Guard(() =>
        PythonApi.NewInt(Module.SigWait(SignalSet(arg))));

    [UnmanagedCallersOnly]
    public static nint SigWaitInfo(nint self, nint arg) => Guard(() =>
        SigInfoType.New(Module.SigWaitInfo(SignalSet(arg))));

    [UnmanagedCallersOnly]
    public static nint SigTimedWait(nint self, nint* args, nint nargs) => Guard(() =>
    {
        Positional("sigtimedwait", nargs, 2, 2);
        IReadOnlyList<int> signals = SignalSet(args[0]);
        long timeout = PythonApi.ToNanoseconds(args[1]);
        SignalInfo? info = Module.SigTimedWait(signals, timeout);
        return info is SignalInfo taken ? SigInfoType.New(taken) : PythonApi.NewNone();
    });

    /// <summary>
    /// A signal set argument, as CPython's <c>_Py_Sigset_Converter</c>: any iterable of ints in
    /// [1, NSIG), glibc's own 32 and 33 dropped with a RuntimeWarning, member by member.
    /// </summary>
    private static IReadOnlyList<int> SignalSet(nint iterable)
    {
        using PyOwned iterator = PyOwned.Of(Python.PyObject_GetIter(iterable));
        var members = new List<int>();
        while (true)
        {
            long signum;
            int overflow;
            using (PyOwned item = PyOwned.OfNullable(Python.PyIter_Next(iterator.Borrow)))
            {
                if (item.IsNull)
                {
                    break;
                }

                signum = Python.PyLong_AsLongAndOverflow(item.Borrow, &overflow);
            }

            if (signum == -1 && overflow == 0 && Python.PyErr_Occurred() != 0)
            {
                throw new PendingPythonException();
            }

            if (Module.CheckSetMember(signum, overflow != 0) is int member)
            {
                members.Add(member);
            }
        }

        if (Python.PyErr_Occurred() != 0)
        {
            throw new PendingPythonException();
        }

        return members;
    }

    [UnmanagedCallersOnly]
    public static nint Trampoline(nint self, nint* args, nint nargs) => Guard(args, nargs, &TrampolineBody);

    private static nint TrampolineBody(nint* args, nint nargs)
    {
        int signum = PythonApi.ToInt(args[0]);
        HandlerHandle handler = Module.HandlerToRun(signum, out bool ignoredByRace);
        if (handler.IsEmpty && !ignoredByRace)
        {
            return PythonApi.NewNone();
        }

        if (handler.IsEmpty)
        {
            SignalStatistics.RecordIgnoredByRace();
            Python.PyErr_SetString(PythonApi.OSErrorType, Messages.IgnoredDueToRace(signum));
            Python.PyErr_WriteUnraisable(PythonApi.None);
            return PythonApi.NewNone();
        }

        using PyOwned call = PyOwned.Of(PythonApi.NewTuple(PyOwned.NewReference(args[0]).Steal(), PyOwned.NewReference(args[1]).Steal()));
        long started = System.Diagnostics.Stopwatch.GetTimestamp();

        // CPython counted a recursion level for calling this trampoline (a C function); it counts
        // none for calling a handler directly. Give that level back while the handler runs, so
        // nested handlers reach RecursionError at the depth they reach in python3.11.
        Python.Py_LeaveRecursiveCall();
        PyOwned result = PyOwned.OfNullable(Python.PyObject_Call(handler.Value, call.Borrow, 0));
        if (Python.Py_EnterRecursiveCall(string.Empty) != 0)
        {
            result.Dispose(); // RecursionError is set: the call fails
        }

        SignalStatistics.RecordDelivery(signum, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        return result.Steal();
    }

    [UnmanagedCallersOnly]
    public static nint Cancel(nint self, nint* args, nint nargs) => Guard(CPythonSignalModule.RaiseCancellation);

    [UnmanagedCallersOnly]
    public static nint Shutdown(nint self, nint unused) => Guard(() =>
    {
        SignalCore.DisconnectEngine();
        Module.ReleaseHandlers();
        return PythonApi.NewNone();
    });
}
