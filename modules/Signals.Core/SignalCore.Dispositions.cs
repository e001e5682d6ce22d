using System.Runtime.InteropServices;
using Signals.Core.Interop;

namespace Signals.Core;

public static unsafe partial class SignalCore
{
    private static readonly object s_gate = new();

    /// <summary>Per signal: the .NET runtime's handler the core chains to, saved when the core took the signal over.</summary>
    private static readonly Libc.SigAction?[] s_runtimeHandlers = new Libc.SigAction?[NSig];

    private static readonly nint s_handler = SignalsNative.signals_native_handler_address();

    /// <summary>
    /// Connects the OS-level handler to the engine: <paramref name="tripFunction"/> is a C function
    /// <c>int trip(int signum)</c> that is async-signal-safe (CPython's <c>PyErr_SetInterruptEx</c>).
    /// </summary>
    public static void ConnectEngine(nint tripFunction)
    {
        if (SignalsNative.signals_native_max_signals() < NSig)
        {
            throw new InvalidOperationException($"the native handler knows fewer signals than NSIG ({NSig})");
        }

        SignalsNative.signals_native_set_trip(tripFunction);
    }

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
            : DispositionKind.Foreign;
    }

    /// <summary>Whether the handler installed now for <paramref name="signum"/> is the .NET runtime's own.</summary>
    public static bool HeldByRuntime(int signum)
    {
        Libc.SigAction current;
        Check(Libc.sigaction(signum, null, &current));
        return RuntimeLibrary(current.Handler) is not null;
    }

    /// <summary>
    /// Signals the .NET runtime cannot give up: its thread-activation signal (SIGRTMIN, which suspends
    /// threads for the GC) and the hardware faults it turns into exceptions (NullReferenceException,
    /// DivideByZeroException, ...). The module refuses Python handlers for them.
    /// </summary>
    public static bool IsReservedByRuntime(int signum) =>
        signum == SigRtMin || signum is 4 /* SIGILL */ or 5 /* SIGTRAP */ or 7 /* SIGBUS */ or 8 /* SIGFPE */ or 11 /* SIGSEGV */;

    /// <summary>
    /// Installs the core's handler for <paramref name="signum"/> so it trips the engine. Installed
    /// without SA_RESTART (as CPython's <c>PyOS_setsig</c>), on the alternate stack where one is set.
    /// A .NET runtime handler it replaces is chained to after the trip.
    /// </summary>
    public static void InstallPythonHandler(int signum)
    {
        lock (s_gate)
        {
            Libc.SigAction previous;
            Check(Libc.sigaction(signum, null, &previous));
            if (previous.Handler != s_handler)
            {
                RememberRuntimeHandler(signum, previous);
            }

            var action = new Libc.SigAction { Handler = s_handler, Flags = Libc.SA_SIGINFO | Libc.SA_ONSTACK };
            Libc.sigemptyset(&action.Mask);
            SignalsNative.signals_native_set_trips_python(signum, 1);
            if (Libc.sigaction(signum, &action, null) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                SignalsNative.signals_native_set_trips_python(signum, 0);
                throw new SignalSystemException(errno);
            }
        }
    }

    /// <summary>
    /// Sets <paramref name="signum"/> to SIG_DFL or SIG_IGN; where the core had taken the signal from
    /// the .NET runtime, the runtime's handler is put back instead, so .NET keeps working.
    /// </summary>
    public static void SetDefaultOrIgnored(int signum, bool ignore)
    {
        lock (s_gate)
        {
            SignalsNative.signals_native_set_trips_python(signum, 0);
            Libc.SigAction action;
            if (s_runtimeHandlers[signum] is Libc.SigAction runtime)
            {
                action = runtime;
                SignalsNative.signals_native_set_chain(signum, null);
                s_runtimeHandlers[signum] = null;
            }
            else
            {
                action = new Libc.SigAction { Handler = ignore ? Libc.SIG_IGN : Libc.SIG_DFL };
                Libc.sigemptyset(&action.Mask);
            }

            Check(Libc.sigaction(signum, &action, null));
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
            Check(Libc.sigaction(signum, &action, null));
        }
    }

    /// <summary>How many times the OS-level handler has run for <paramref name="signum"/>.</summary>
    public static ulong Received(int signum) => SignalsNative.signals_native_received(signum);

    /// <summary>
    /// Chains to <paramref name="previous"/> if it is a .NET runtime handler that serves .NET code:
    /// System.Native's (Console.CancelKeyPress, PosixSignalRegistration, Process's SIGCHLD, the
    /// terminal) always; CoreCLR's own except for SIGINT/SIGQUIT/SIGTERM, where it only stands for
    /// "terminate the process", which is what the Python handler replaces.
    /// </summary>
    private static void RememberRuntimeHandler(int signum, Libc.SigAction previous)
    {
        string? library = RuntimeLibrary(previous.Handler);
        bool chain = library switch
        {
            "libSystem.Native.so" => true,
            "libcoreclr.so" => signum is not (Libc.SIGINT or Libc.SIGQUIT or Libc.SIGTERM),
            _ => false,
        };
        if (chain)
        {
            s_runtimeHandlers[signum] = previous;
            SignalsNative.signals_native_set_chain(signum, &previous);
        }
    }

    /// <summary>The file name of the .NET runtime library holding <paramref name="handler"/>, or null.</summary>
    private static string? RuntimeLibrary(nint handler)
    {
        if (handler == Libc.SIG_DFL || handler == Libc.SIG_IGN)
        {
            return null;
        }

        Libc.DlInfo info;
        if (Libc.dladdr(handler, &info) == 0 || info.FileName == 0)
        {
            return null;
        }

        string name = Path.GetFileName(Marshal.PtrToStringUTF8(info.FileName) ?? string.Empty);
        return name is "libSystem.Native.so" or "libcoreclr.so" ? name : null;
    }
}
