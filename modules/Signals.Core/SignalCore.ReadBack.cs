using Signals.Core.Interop;

namespace Signals.Core;

/// <summary>
/// The read-back check of a signal's state: the core's record, the native handler's flags and the
/// kernel's action, compared. A debugging aid (Signals.Module runs it after every change when
/// SIGHOST_CHECK_SIGNAL_STATE=1; tests run it under a storm); it changes nothing.
/// </summary>
public static unsafe partial class SignalCore
{
    /// <summary>
    /// What disagrees for <paramref name="signum"/>, one line each; empty when the kernel, the native
    /// flags and the core's record tell the same story. <paramref name="pythonHandles"/> is whether
    /// the module holds a Python handler (not SIG_DFL/SIG_IGN) for it.
    /// </summary>
    public static IReadOnlyList<string> CheckRecords(int signum, bool pythonHandles)
    {
        var problems = new List<string>();
        lock (s_gate)
        {
            Libc.SigAction kernel;
            if (Libc.sigaction(signum, null, &kernel) != 0 || IsReservedByRuntime(signum))
            {
                return problems; // glibc's own signals; the runtime's fault signals are fronted, not recorded
            }

            SignalRecord record = s_records[signum];
            bool trips = SignalsNative.signals_native_trips_python(signum) != 0;
            bool routed = RuntimeCallsRouted;
            Libc.SigAction asRead = kernel;
            asRead.Flags &= ~Libc.SA_RESTORER;
            Libc.SigAction written = record.Written;
            written.Flags &= ~Libc.SA_RESTORER;
            if (record.WrittenKnown && !SameAction(written, asRead))
            {
                problems.Add($"signal {signum}: the core wrote handler 0x{written.Handler:x} flags 0x{written.Flags:x}, the kernel holds 0x{kernel.Handler:x} flags 0x{kernel.Flags:x}");
            }

            if (routed && record.Installed != (kernel.Handler == s_handler))
            {
                problems.Add($"signal {signum}: recorded {(record.Installed ? "installed" : "not installed")}, the kernel's handler is 0x{kernel.Handler:x}");
            }

            if (trips != pythonHandles)
            {
                problems.Add($"signal {signum}: the native handler {(trips ? "trips" : "does not trip")} Python, the module holds {(pythonHandles ? "a Python handler" : "SIG_DFL/SIG_IGN")}");
            }

            if (pythonHandles && routed && kernel.Handler != s_handler)
            {
                problems.Add($"signal {signum}: a Python handler, but the kernel's handler is 0x{kernel.Handler:x}");
            }

            nint chained = SignalsNative.signals_native_chain_handler(signum);
            nint expected = record.Runtime is Libc.SigAction runtime && OwnerOf(runtime.Handler) == RuntimeOwner.SystemNative ? runtime.Handler : 0;
            if (record.Installed && chained != expected)
            {
                problems.Add($"signal {signum}: chains to 0x{chained:x}, the record's .NET handler beneath is 0x{expected:x}");
            }
        }

        return problems;
    }
}
