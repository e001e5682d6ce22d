using System.Runtime.InteropServices;
using Signals.Core.Interop;

namespace Signals.Core;

public static unsafe partial class SignalCore
{
    private static readonly object s_gate = new();

    /// <summary>What the core knows of each signal's action (see <see cref="SignalRecord"/>).</summary>
    private static readonly SignalRecord[] s_records = new SignalRecord[NSig];

    /// <summary>
    /// The core's state for one signal, in one place, read and written under <c>s_gate</c>. The native
    /// side holds what the handler reads in signal context (trips Python, chain target); the module
    /// holds the Python handler and its kind (Signals.Module.SignalModule).
    /// </summary>
    private struct SignalRecord
    {
        /// <summary>
        /// The core's handler was installed and not taken back since. If a .NET runtime handler now
        /// stands in front of it, the runtime installed it later (only when its calls are not routed)
        /// and chains to the core's (System.Native saves the handler it replaces as the one to chain to).
        /// </summary>
        public bool Installed;

        /// <summary>The .NET runtime's action beneath the core's handler: chained to, and put back when the core lets the signal go.</summary>
        public Libc.SigAction? Runtime;

        /// <summary>
        /// The action the core wrote last, when no writer the core sees (System.Native's routed calls,
        /// the engine's own signal.signal) has written since (<see cref="WrittenKnown"/>). With it the
        /// core changes an action in one sigaction call, as CPython does, and learns from the old action
        /// it gets back whether anyone else (faulthandler, ctypes) wrote meanwhile.
        /// </summary>
        public Libc.SigAction Written;

        /// <summary>Whether <see cref="Written"/> is what the kernel holds as far as the core can tell.</summary>
        public bool WrittenKnown;

        public void Wrote(in Libc.SigAction action)
        {
            Written = action;
            WrittenKnown = true;
        }

        public void Forget() => WrittenKnown = false;
    }

    private static readonly nint s_handler = SignalsNative.signals_native_handler_address();

    /// <summary>
    /// Connects the OS-level handler to the engine: <paramref name="tripFunction"/> is a C function
    /// <c>int trip(int signum)</c> that is async-signal-safe (CPython's <c>PyErr_SetInterruptEx</c>).
    /// </summary>
    public static void ConnectEngine(nint tripFunction)
    {
        int sigactionSize, siginfoSize;
        int maxSignals = SignalsNative.signals_native_layout(&sigactionSize, &siginfoSize);
        if (maxSignals < NSig)
        {
            throw new InvalidOperationException($"the native handler knows fewer signals than NSIG ({NSig})");
        }

        if (sigactionSize != sizeof(Libc.SigAction) || siginfoSize != sizeof(Libc.SigInfo))
        {
            throw new InvalidOperationException(
                $"libc's struct sigaction is {sigactionSize} bytes and siginfo_t {siginfoSize}; Libc declares {sizeof(Libc.SigAction)} and {sizeof(Libc.SigInfo)}");
        }

        SignalsNative.signals_native_set_trip(tripFunction);
        RouteRuntimeCalls();
    }

    /// <summary>
    /// Names the interpreter's main thread when it is not the thread signals reach first (an
    /// embedding host's dedicated thread): the OS-level handler then sends a Python-handled signal
    /// on to it, so blocking calls there fail with EINTR and the trip is noticed. Call on that
    /// thread; <see cref="ClearInterpreterThread"/> undoes it.
    /// </summary>
    public static void SetInterpreterThreadToCurrent() =>
        SignalsNative.signals_native_set_interpreter_thread(OnInitialThread ? 0 : Libc.gettid());

    /// <summary>Stops redirecting signals (see <see cref="SetInterpreterThreadToCurrent"/>).</summary>
    public static void ClearInterpreterThread() => SignalsNative.signals_native_set_interpreter_thread(0);

    /// <summary>
    /// Stops the OS-level handler from tripping the engine (the engine is shutting down); handlers
    /// keep chaining to the .NET runtime and writing the wakeup fd.
    /// </summary>
    public static void DisconnectEngine() => SignalsNative.signals_native_set_trip(0);

    /// <summary>The disposition the kernel holds now for <paramref name="signum"/>.</summary>
    public static DispositionKind Current(int signum)
    {
        Libc.SigAction current;
        Check(Libc.sigaction(signum, null, &current));
        return current.Handler == Libc.SIG_DFL ? DispositionKind.Default
            : current.Handler == Libc.SIG_IGN ? DispositionKind.Ignored
            : current.Handler == s_handler ? DispositionKind.Python
            : current.Handler == s_faultHandler ? DispositionKind.Default // in front of the runtime's: SIG_DFL to Python
            : DispositionKind.Foreign;
    }

    /// <summary>Whether the handler installed now for <paramref name="signum"/> is the .NET runtime's own.</summary>
    public static bool HeldByRuntime(int signum) => OwnerHolding(signum) != RuntimeOwner.NotRuntime;

    /// <summary>
    /// Whether the handler installed now is CoreCLR's own (not System.Native's, which serves .NET
    /// subscribers such as Console.CancelKeyPress).
    /// </summary>
    public static bool HeldByCoreClr(int signum) => OwnerHolding(signum) == RuntimeOwner.CoreClr;

    private static RuntimeOwner OwnerHolding(int signum)
    {
        Libc.SigAction current;
        Check(Libc.sigaction(signum, null, &current));
        return OwnerOf(current.Handler);
    }

    /// <summary>
    /// Signals the .NET runtime cannot give up: its thread-activation signal (SIGRTMIN, which suspends
    /// threads for the GC) and the hardware faults it turns into exceptions (NullReferenceException,
    /// DivideByZeroException, ...). The module refuses Python handlers for them.
    /// </summary>
    public static bool IsReservedByRuntime(int signum)
    {
        if (signum == SigRtMin)
        {
            return true;
        }

        foreach (int reserved in RuntimeFaults.ReservedFromPython)
        {
            if (reserved == signum)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The fault signals whose runtime handler the core stands in front of (see <see cref="FrontFaultSignals"/>).</summary>
    private static readonly nint s_faultHandler = SignalsNative.signals_native_fault_handler_address();

    /// <summary>
    /// The fault signals the .NET runtime needs, read once from the native list C shares
    /// (native/runtime_signals.h; the thread guard never blocks them).
    /// </summary>
    private static class RuntimeFaults
    {
        public static readonly int[] All = Read(reservedOnly: false);

        /// <summary>The ones the runtime turns into .NET exceptions: Python may not handle them (SIGABRT it may).</summary>
        public static readonly int[] ReservedFromPython = Read(reservedOnly: true);

        private static int[] Read(bool reservedOnly)
        {
            int* found = stackalloc int[64];
            int count = 0, pythonMayHandle;
            for (int index = 0, signum; count < 64 && (signum = SignalsNative.signals_native_runtime_fault_signal(index, &pythonMayHandle)) != 0; index++)
            {
                if (!reservedOnly || pythonMayHandle == 0)
                {
                    found[count++] = signum;
                }
            }

            return new ReadOnlySpan<int>(found, count).ToArray();
        }
    }

    /// <summary>
    /// Puts the native fault handler in front of the .NET runtime's handler of each fault signal:
    /// a fault signal sent with kill, tgkill, raise or sigqueue then ends the process by that signal
    /// (Python's SIG_DFL, as in CPython), while real faults still reach the runtime's handler and
    /// become .NET exceptions. A fault signal at SIG_DFL or SIG_IGN already behaves as in CPython.
    /// </summary>
    public static void FrontFaultSignals()
    {
        lock (s_gate)
        {
            foreach (int signum in RuntimeFaults.All)
            {
                if (HeldByRuntime(signum))
                {
                    Check(SignalsNative.signals_native_front_fault_signal(signum, 1));
                }
            }
        }
    }

    /// <summary>Whether a sent fault signal ends the process (Python's SIG_DFL) or is dropped (SIG_IGN).</summary>
    public static void SetSentFaultKills(int signum, bool kills) =>
        SignalsNative.signals_native_set_fault_sent_kills(signum, kills ? 1 : 0);

    /// <summary>
    /// Installs the core's handler for <paramref name="signum"/> so it trips the engine. Installed
    /// without SA_RESTART (as CPython's <c>PyOS_setsig</c>) and, unlike CPython, without SA_ONSTACK:
    /// CoreCLR gives its threads a small alternate stack for its own stack-overflow handling, and
    /// several signals arriving at once nest their handlers; on that stack they overflowed it.
    /// A .NET runtime handler it replaces is chained to after the trip.
    /// </summary>
    public static void InstallPythonHandler(int signum)
    {
        lock (s_gate)
        {
            ref SignalRecord record = ref s_records[signum];
            if (CanRewrite(in record))
            {
                Libc.SigAction next;
                PythonHandlerAction(signum, in record.Written, out next);
                if (Rewrite(signum, ref record, &next, tripsPython: true))
                {
                    record.Installed = true;
                    return;
                }
            }

            Libc.SigAction previous;
            Check(Libc.sigaction(signum, null, &previous));
            if (previous.Handler != s_handler && record.Installed && ServesDotnet(previous.Handler))
            {
                // The runtime took the signal after the core and chains to the core's handler:
                // replacing it would break .NET, chaining back to it would loop. Trip from behind it.
                SignalsNative.signals_native_set_trips_python(signum, 1);
                return;
            }

            if (previous.Handler == s_handler && (previous.Flags & Libc.SA_RESTART) == 0)
            {
                // Already the core's, as installed (no siginterrupt(s, False) since): nothing to write.
                SignalsNative.signals_native_set_trips_python(signum, 1);
                record.Wrote(in previous);
                return;
            }

            if (previous.Handler != s_handler)
            {
                RememberRuntimeHandler(signum, previous);
            }

            Libc.SigAction action;
            PythonHandlerAction(signum, in previous, out action);
            SignalsNative.signals_native_set_trips_python(signum, 1);
            record.Forget();
            if (Libc.sigaction(signum, &action, null) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                SignalsNative.signals_native_set_trips_python(signum, 0);
                throw new SignalSystemException(errno);
            }

            record.Installed = true;
            record.Wrote(in action);
        }
    }

    /// <summary>
    /// The core's action for <paramref name="signum"/> given the action before it: without SA_RESTART
    /// (see <see cref="InstallPythonHandler"/>); a previous core action keeps its mask and other flags
    /// (siginterrupt); over a .NET handler chained to, that handler's mask and flags, so it runs as it
    /// asked. (Built in place: a <c>struct sigaction</c> is 152 bytes, and this runs on every
    /// <c>signal.signal</c>.)
    /// </summary>
    private static void PythonHandlerAction(int signum, in Libc.SigAction previous, out Libc.SigAction action)
    {
        action = default; // an empty mask
        action.Handler = s_handler;
        action.Flags = Libc.SA_SIGINFO;
        if (previous.Handler == s_handler)
        {
            action.Mask = previous.Mask;
            action.Flags = previous.Flags & ~Libc.SA_RESTART;
        }
        else if (s_records[signum].Runtime is Libc.SigAction runtime && ServesDotnet(runtime.Handler))
        {
            action.Mask = runtime.Mask;
            action.Flags = Libc.SA_SIGINFO | (runtime.Flags & KeptFlags);
        }
    }

    /// <summary>
    /// Whether a change can take the fast path (<see cref="Rewrite"/>): the runtime's calls are routed
    /// and the kernel still holds what the core wrote last, SIG_DFL, SIG_IGN or the core's handler (no
    /// .NET handler is involved).
    /// </summary>
    private static bool CanRewrite(in SignalRecord record) =>
        record.WrittenKnown && record.Runtime is null && RuntimeCallsRouted
        && (record.Written.Handler == s_handler || record.Written.Handler == Libc.SIG_DFL || record.Written.Handler == Libc.SIG_IGN);

    /// <summary>
    /// The fast path of a change (see <see cref="CanRewrite"/>): writes <paramref name="next"/> in one
    /// call, as CPython does, with the native trip flag set first (before the core's handler can run)
    /// or cleared first (before anything else runs instead). The old action comes back from the same
    /// call: if someone the core does not see wrote meanwhile (faulthandler, ctypes), their action is
    /// replaced, as CPython's signal.signal replaces it. Returns false when the slow path must decide
    /// (a .NET handler was found there; it is put back).
    /// </summary>
    private static bool Rewrite(int signum, ref SignalRecord record, Libc.SigAction* next, bool tripsPython)
    {
        SignalsNative.signals_native_set_trips_python(signum, tripsPython ? 1 : 0);
        Libc.SigAction old;
        if (Libc.sigaction(signum, next, &old) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (tripsPython)
            {
                SignalsNative.signals_native_set_trips_python(signum, 0);
            }

            throw new SignalSystemException(errno);
        }

        nint expected = record.Written.Handler;
        record.Wrote(in *next);
        if (old.Handler != expected && OwnerOf(old.Handler) != RuntimeOwner.NotRuntime)
        {
            // Not possible while the calls are routed (the runtime writes beneath the core); if it
            // ever happens, put the runtime's action back and let the slow path decide.
            Libc.sigaction(signum, &old, null);
            record.Forget();
            return false;
        }

        return true;
    }

    /// <summary>
    /// Sets <paramref name="signum"/> to SIG_DFL or SIG_IGN. Where the core had taken the signal from
    /// the .NET runtime, the runtime's handler is put back instead; where the runtime's handler stands
    /// in front of the core's, it stays. Either way .NET keeps working and no Python handler runs.
    /// </summary>
    public static void SetDefaultOrIgnored(int signum, bool ignore)
    {
        lock (s_gate)
        {
            Libc.SigAction plain = default; // an empty mask, no flags
            plain.Handler = ignore ? Libc.SIG_IGN : Libc.SIG_DFL;
            ref SignalRecord record = ref s_records[signum];
            if (CanRewrite(in record) && Rewrite(signum, ref record, &plain, tripsPython: false))
            {
                record.Installed = false;
                return;
            }

            SignalsNative.signals_native_set_trips_python(signum, 0);
            Libc.SigAction current;
            Check(Libc.sigaction(signum, null, &current));
            Libc.SigAction action;
            if (record.Runtime is Libc.SigAction runtime)
            {
                action = runtime;
                SignalsNative.signals_native_set_chain(signum, null);
                record.Runtime = null;
            }
            else if (current.Handler != s_handler && ServesDotnet(current.Handler))
            {
                return;
            }
            else
            {
                action = plain;
            }

            record.Forget();
            Check(Libc.sigaction(signum, &action, null));
            record.Installed = false;
            record.Wrote(in action);
        }
    }

    /// <summary>
    /// <c>siginterrupt</c>: clears SA_RESTART on the current action when <paramref name="interrupt"/>
    /// (system calls fail with EINTR), sets it otherwise (they are restarted).
    /// </summary>
    public static void SetInterrupt(int signum, bool interrupt)
    {
        lock (s_gate)
        {
            Libc.SigAction action;
            Libc.sigaction(signum, null, &action);
            action.Flags = interrupt ? action.Flags & ~Libc.SA_RESTART : action.Flags | Libc.SA_RESTART;
            s_records[signum].Forget();
            Check(Libc.sigaction(signum, &action, null));
            s_records[signum].Wrote(in action);
        }
    }

    /// <summary>
    /// Saves <paramref name="signum"/>'s OS action and puts it back when the scope ends: for calls
    /// into the engine that set dispositions of their own (CPython's built-in <c>signal.signal</c>,
    /// used only to fill the interpreter's trip table), so the process keeps the core's and .NET's.
    /// </summary>
    public static PreservedDisposition PreserveDisposition(int signum) => new(signum);

    /// <summary>See <see cref="PreserveDisposition"/>.</summary>
    public readonly struct PreservedDisposition : IDisposable
    {
        private readonly int _signum;
        private readonly Libc.SigAction _saved;
        private readonly bool _valid;

        internal PreservedDisposition(int signum)
        {
            _signum = signum;
            Libc.SigAction saved;
            _valid = Libc.sigaction(signum, null, &saved) == 0;
            _saved = saved;
        }

        /// <summary>
        /// Puts a saved handler back. A saved SIG_DFL or SIG_IGN is not re-set (setting SIG_IGN, or
        /// SIG_DFL of a signal ignored by default, discards a pending signal): the caller sets the
        /// signal's final action next, with the signal still blocked.
        /// </summary>
        public void Dispose()
        {
            lock (s_gate)
            {
                s_records[_signum].Forget(); // the engine wrote an action of its own meanwhile
                if (_valid && _saved.Handler != Libc.SIG_DFL && _saved.Handler != Libc.SIG_IGN)
                {
                    Libc.SigAction saved = _saved;
                    Libc.sigaction(_signum, &saved, null);
                }
            }
        }
    }

    /// <summary>Every signal's OS action, to put back what the core and the engine changed.</summary>
    public static DispositionSnapshot TakeSnapshot() => new();

    /// <summary>See <see cref="TakeSnapshot"/>.</summary>
    public sealed class DispositionSnapshot
    {
        private readonly Libc.SigAction?[] _actions = new Libc.SigAction?[NSig];

        internal DispositionSnapshot()
        {
            for (int signum = 1; signum < NSig; signum++)
            {
                Libc.SigAction action;
                if (Libc.sigaction(signum, null, &action) == 0)
                {
                    _actions[signum] = action;
                }
            }
        }

        /// <summary>
        /// Hands every signal back: where the core's handler is installed, the .NET handler beneath
        /// it (see SignalCore.RuntimeCalls.cs) or else the action of the snapshot returns (handler,
        /// flags and mask); where a .NET handler stands in front of the core's (only when the
        /// runtime's calls could not be routed), it stays, and the core's handler behind it
        /// no longer trips but does what the snapshot's action says when that handler gives the
        /// signal back to it (see s_given_back in signal_handler.c: Ctrl+C then ends the app). Signals
        /// nobody but the engine touched return to the snapshot. The engine must be disconnected.
        /// </summary>
        public void Restore()
        {
            lock (s_gate)
            {
                for (int signum = 1; signum < NSig; signum++)
                {
                    SignalsNative.signals_native_set_trips_python(signum, 0);
                    Libc.SigAction current;
                    if (_actions[signum] is not Libc.SigAction original || Libc.sigaction(signum, null, &current) != 0)
                    {
                        continue;
                    }

                    bool oursInFront = current.Handler == s_handler;
                    bool runtimeInFront = !oursInFront && ServesDotnet(current.Handler);
                    if (!runtimeInFront && !SameAction(current, original))
                    {
                        Libc.SigAction restored = s_records[signum].Runtime ?? original;
                        SignalsNative.signals_native_restore_action(signum, &restored);
                    }

                    SignalsNative.signals_native_set_chain(signum, null);
                    // Behind a .NET handler the core's stays installed (a later engine trips from behind it).
                    bool behindRuntime = runtimeInFront && s_records[signum].Installed;
                    SignalsNative.signals_native_set_given_back(signum, behindRuntime ? &original : null);
                    s_records[signum].Runtime = null;
                    s_records[signum].Installed = behindRuntime;
                    s_records[signum].Forget();
                }
            }
        }
    }

    /// <summary>Whether two actions are the same: handler, flags and mask (the restorer is libc's own).</summary>
    private static bool SameAction(in Libc.SigAction a, in Libc.SigAction b)
    {
        if (a.Handler != b.Handler || a.Flags != b.Flags)
        {
            return false;
        }

        Libc.SigAction first = a, second = b;
        for (int signum = 1; signum < NSig; signum++)
        {
            if (Libc.sigismember(&first.Mask, signum) != Libc.sigismember(&second.Mask, signum))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// <paramref name="signum"/>'s action as the kernel holds it, as text (handler, flags, blocked
    /// signals), for diagnostics and for comparing the process's signal state before and after;
    /// for a number sigaction refuses, the errno.
    /// </summary>
    public static string DescribeAction(int signum)
    {
        Libc.SigAction action;
        if (Libc.sigaction(signum, null, &action) != 0)
        {
            return $"no action (errno {Marshal.GetLastPInvokeError()})"; // 32, 33: glibc's own
        }

        var blocked = new List<int>();
        for (int other = 1; other < NSig; other++)
        {
            if (Libc.sigismember(&action.Mask, other) == 1)
            {
                blocked.Add(other);
            }
        }

        string handler = action.Handler == Libc.SIG_DFL ? "SIG_DFL" : action.Handler == Libc.SIG_IGN ? "SIG_IGN" : $"0x{action.Handler:x}";
        return $"handler {handler}, flags 0x{action.Flags:x}, mask [{string.Join(' ', blocked)}]";
    }

    /// <summary>Whether system calls interrupted by <paramref name="signum"/>'s handler are restarted (SA_RESTART).</summary>
    public static bool Restarts(int signum)
    {
        Libc.SigAction action;
        Check(Libc.sigaction(signum, null, &action));
        return (action.Flags & Libc.SA_RESTART) != 0;
    }

    /// <summary>How many times the OS-level handler has run for <paramref name="signum"/>.</summary>
    public static ulong Received(int signum) => SignalsNative.signals_native_received(signum);

    /// <summary>
    /// Whether the OS-level handler tripped the engine for <paramref name="signum"/> since the last
    /// call (the flag is cleared): a delivered signal, as opposed to a trip the engine made itself.
    /// </summary>
    public static bool TakeDelivered(int signum) => SignalsNative.signals_native_take_delivered(signum) != 0;

    /// <summary>
    /// Makes <paramref name="previous"/> the action beneath the core's handler: kept if it is the .NET
    /// runtime's, to put it back on SIG_DFL; chained to if it serves .NET code (see <see cref="ServesDotnet"/>). CoreCLR's own handlers of the
    /// signals a Python handler may take (SIGINT, SIGQUIT, SIGTERM: "terminate"; SIGABRT: a crash
    /// report, then death) are not chained: they would end the process the handler is meant to keep.
    /// </summary>
    private static void RememberRuntimeHandler(int signum, Libc.SigAction previous)
    {
        RuntimeOwner owner = OwnerOf(previous.Handler);
        s_records[signum].Runtime = owner != RuntimeOwner.NotRuntime ? previous : null;
        bool chained = owner == RuntimeOwner.SystemNative;
        Check(SignalsNative.signals_native_set_chain(signum, chained ? &previous : null));
    }

    /// <summary>
    /// The flags of a chained handler's action the core's action keeps. Left out: SA_RESTART (Python
    /// handlers interrupt system calls, as in CPython; <c>siginterrupt</c> sets it), SA_ONSTACK (see
    /// <see cref="InstallPythonHandler"/>), SA_RESETHAND (the first delivery would drop the core's
    /// handler) and libc's own SA_RESTORER.
    /// </summary>
    private const int KeptFlags = 0x1 /* SA_NOCLDSTOP */ | 0x2 /* SA_NOCLDWAIT */ | 0x40000000 /* SA_NODEFER */;

    /// <summary>
    /// Whether <paramref name="handler"/> is System.Native's, which serves .NET code:
    /// Console.CancelKeyPress, PosixSignalRegistration, Process's SIGCHLD, the terminal.
    /// </summary>
    private static bool ServesDotnet(nint handler) => OwnerOf(handler) == RuntimeOwner.SystemNative;
}
