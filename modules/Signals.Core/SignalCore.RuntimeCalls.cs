using System.Runtime.InteropServices;
using Signals.Core.Interop;

namespace Signals.Core;

/// <summary>
/// The .NET runtime's own signal calls, routed through the core (native/runtime_hook.c explains the
/// mechanism). System.Native installs its handler whenever a .NET subscriber appears
/// (Console.CancelKeyPress, PosixSignalRegistration, Process), and when no subscriber cancels a
/// terminating signal it puts back the action it replaced and sends the signal again. For a signal
/// the core's handler holds, those calls act on the action beneath the core's handler instead of
/// the kernel's: the core stays in front in any registration order and chains to .NET's handler,
/// and "send it again" becomes a request for the default action, which a host may defer until
/// the script's handler has run (<see cref="SetDefaultActionDeferral"/>). For any other signal the
/// calls reach libc unchanged.
/// </summary>
public static unsafe partial class SignalCore
{
    /// <summary>The runtime library whose calls are routed; it is loaded before any managed code runs.</summary>
    private const string RuntimeSignalLibrary = "libSystem.Native.so";

    private static int s_runtimeCallsRouted; // 0: not yet tried, 1: routed, -1: could not be
    private static Func<int, bool>? s_defaultActionDeferral;

    /// <summary>
    /// Whether System.Native's signal calls go through the core. When they could not be routed (a
    /// single-file app linking System.Native statically), a .NET subscriber that appears after
    /// the core took a signal stands in front of the core's handler, as the README's matrix notes.
    /// </summary>
    public static bool RuntimeCallsRouted => Volatile.Read(ref s_runtimeCallsRouted) == 1;

    /// <summary>
    /// Lets a host that runs scripts defer a terminating signal's default action which the .NET
    /// runtime asked for (no .NET subscriber cancelled it): <paramref name="deferral"/> returns true
    /// when it takes the action on itself and will call <see cref="TakeDefaultAction"/> once the
    /// script's handler has run; false (or no deferral) takes it at once, as a plain .NET app does.
    /// Called on the runtime's signal-handling thread. Null removes it.
    /// </summary>
    public static void SetDefaultActionDeferral(Func<int, bool>? deferral) => Volatile.Write(ref s_defaultActionDeferral, deferral);

    /// <summary>Ends the process by <paramref name="signum"/>'s default action, as the kernel would have.</summary>
    public static void TakeDefaultAction(int signum)
    {
        lock (s_gate)
        {
            SignalsNative.signals_native_take_default_action(signum);
        }
    }

    /// <summary>Routes the runtime's calls once per process (see the class summary).</summary>
    private static void RouteRuntimeCalls()
    {
        if (Interlocked.CompareExchange(ref s_runtimeCallsRouted, -1, 0) != 0)
        {
            return;
        }

        int rewritten = SignalsNative.signals_native_hook_runtime(RuntimeSignalLibrary, &OnRuntimeSigaction, &OnRuntimeKill);
        if (rewritten > 0)
        {
            CaptureRuntimeOwners(); // what System.Native installed before its calls came through here
            Volatile.Write(ref s_runtimeCallsRouted, 1);
        }
    }

    /// <summary>
    /// System.Native's sigaction. For a signal whose kernel action is the core's handler, it reads
    /// and writes the action beneath it: the one the core chains to and puts back when it lets the
    /// signal go (SIG_DFL where no .NET handler stands beneath). Returns 0 or an errno.
    /// </summary>
    [UnmanagedCallersOnly]
    private static int OnRuntimeSigaction(int signum, Libc.SigAction* action, Libc.SigAction* old)
    {
        try
        {
            lock (s_gate)
            {
                if (action != null)
                {
                    NoteInstalledByRuntime(*action);
                }

                if (!HeldByCore(signum))
                {
                    if (action != null)
                    {
                        s_records[signum].Forget(); // the kernel's action is now the runtime's choice
                    }

                    if (Libc.sigaction(signum, action, old) != 0)
                    {
                        return Marshal.GetLastPInvokeError();
                    }
                }
                else
                {
                    if (old != null)
                    {
                        *old = s_records[signum].Runtime ?? DefaultAction();
                    }

                    if (action != null)
                    {
                        RememberRuntimeHandler(signum, *action);
                    }
                }

                if (old != null)
                {
                    NoteReturnedToRuntime(*old);
                }

                return 0;
            }
        }
        catch (Exception e) when (e is SignalSystemException or ArgumentException)
        {
            return Libc.EINVAL; // nothing may cross back into System.Native
        }
    }

    /// <summary>
    /// System.Native's kill. Sent by the process to itself for a signal the core's handler holds,
    /// it is the runtime asking for the default action after its subscribers did not cancel:
    /// deferred to the host (<see cref="SetDefaultActionDeferral"/>) or taken now. Returns 0 or an errno.
    /// </summary>
    [UnmanagedCallersOnly]
    private static int OnRuntimeKill(int pid, int signum)
    {
        if (pid == Environment.ProcessId && signum > 0 && signum < NSig && HeldByCore(signum))
        {
            if (FromRuntimeSignalLoop())
            {
                // No .NET subscriber took the signal (with one, a managed thread of theirs would be
                // asking): System.Native's handler stands only for the terminal, and the signal is the
                // script's, whose handler the core tripped. Nothing more to do, as without .NET.
                return 0;
            }

            if (!Deferred(signum))
            {
                TakeDefaultAction(signum);
            }

            return 0;
        }

        return Libc.kill(pid, signum) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    private static bool Deferred(int signum)
    {
        try
        {
            return Volatile.Read(ref s_defaultActionDeferral) is { } deferral && deferral(signum);
        }
        catch (Exception)
        {
            return false; // a failing host must not keep the app from ending, nor throw into native code
        }
    }

    /// <summary>
    /// Whether the calling thread is System.Native's own signal loop (named ".NET SigHandler"), which
    /// asks for the default action itself only when no managed subscriber is registered; subscribers'
    /// requests come from the managed threads that ran them.
    /// </summary>
    private static bool FromRuntimeSignalLoop()
    {
        try
        {
            return File.ReadAllText("/proc/thread-self/comm").TrimEnd('\n') == ".NET SigHandler";
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool HeldByCore(int signum)
    {
        lock (s_gate)
        {
            Libc.SigAction current;
            return Libc.sigaction(signum, null, &current) == 0 && current.Handler == s_handler;
        }
    }

    private static Libc.SigAction DefaultAction()
    {
        var action = new Libc.SigAction { Handler = Libc.SIG_DFL };
        Libc.sigemptyset(&action.Mask);
        return action;
    }
}
