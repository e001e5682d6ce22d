using System.Runtime.InteropServices;

namespace Signals.Core.Interop;

/// <summary>
/// The project's own native library (native/signal_handler.c): the async-signal-safe OS-level
/// handler and the setters through which C# publishes its decisions to it.
/// </summary>
internal static unsafe partial class SignalsNative
{
    private const string LibName = "libsignals_native.so";

    [LibraryImport(LibName)]
    public static partial nint signals_native_handler_address();

    [LibraryImport(LibName)]
    public static partial nint signals_native_fault_handler_address();

    [LibraryImport(LibName)]
    public static partial void signals_native_set_trip(nint trip);

    [LibraryImport(LibName), SuppressGCTransition]
    public static partial void signals_native_set_trips_python(int signum, int value);

    [LibraryImport(LibName), SuppressGCTransition]
    public static partial int signals_native_take_delivered(int signum);

    [LibraryImport(LibName)]
    public static partial void signals_native_set_interpreter_thread(int tid);

    [LibraryImport(LibName, SetLastError = true)]
    public static partial int signals_native_set_chain(int signum, Libc.SigAction* previous);

    [LibraryImport(LibName, SetLastError = true)]
    public static partial int signals_native_set_given_back(int signum, Libc.SigAction* original);

    /// <summary>sigaction(signum, action, NULL), writing SIG_DFL and SIG_IGN back exactly as read (no SA_RESTORER added).</summary>
    [LibraryImport(LibName, SetLastError = true)]
    public static partial int signals_native_restore_action(int signum, Libc.SigAction* action);

    /// <summary>The index-th fault signal the .NET runtime needs (native/runtime_signals.h), or 0 past the end.</summary>
    [LibraryImport(LibName)]
    public static partial int signals_native_runtime_fault_signal(int index, int* pythonMayHandle);

    /// <summary>Returns MAX_SIGNALS and the sizes of <c>struct sigaction</c> and <c>siginfo_t</c> the library was built with.</summary>
    [LibraryImport(LibName)]
    public static partial int signals_native_layout(int* sigactionSize, int* siginfoSize);

    [LibraryImport(LibName, SetLastError = true)]
    public static partial int signals_native_front_fault_signal(int signum, int sentKills);

    [LibraryImport(LibName)]
    public static partial void signals_native_set_fault_sent_kills(int signum, int sentKills);

    [LibraryImport(LibName)]
    public static partial void signals_native_set_wakeup(int fd, int warnOnFullBuffer);

    [LibraryImport(LibName)]
    public static partial int signals_native_take_wakeup_failures(int* lastErrno);

    [LibraryImport(LibName)]
    public static partial ulong signals_native_received(int signum);

    [LibraryImport(LibName)]
    public static partial int signals_native_trips_python(int signum);

    [LibraryImport(LibName)]
    public static partial nint signals_native_chain_handler(int signum);

    /// <summary>Ends the process by the signal's default action (returns where that action does not end it).</summary>
    [LibraryImport(LibName)]
    public static partial void signals_native_take_default_action(int signum);

    /// <summary>Starts the keeper thread once and has it take signals (1) or block them (0); 0 or an error number (native/signal_keeper.c).</summary>
    [LibraryImport(LibName)]
    public static partial int signals_native_keeper_set_open(int open);

    [LibraryImport(LibName)]
    public static partial int signals_native_keeper_started();

    /// <summary>Blocks on the calling thread what the thread guard blocks; 0 or an error number.</summary>
    [LibraryImport(LibName)]
    public static partial int signals_native_block_on_calling_thread();

    /// <summary>
    /// Routes <paramref name="library"/>'s sigaction and kill calls through the callbacks
    /// (native/runtime_hook.c). The number of table entries rewritten, or -1 with errno.
    /// </summary>
    [LibraryImport(LibName, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int signals_native_hook_runtime(
        string library,
        delegate* unmanaged<int, Libc.SigAction*, Libc.SigAction*, int> onSigaction,
        delegate* unmanaged<int, int, int> onKill);
}
