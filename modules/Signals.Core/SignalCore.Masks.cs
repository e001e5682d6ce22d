using Signals.Core.Interop;

namespace Signals.Core;

public static unsafe partial class SignalCore
{
    /// <summary>
    /// <c>pthread_sigmask(how, set)</c> on the calling thread; returns the previous mask.
    /// </summary>
    /// <param name="refused">Told of each number libc would not put in a set (glibc's 32 and 33).</param>
    public static IReadOnlyList<int> SetThreadMask(int how, IEnumerable<int> signals, Action<int>? refused = null)
    {
        Libc.SigSet set = ToSet(signals, refused);
        Libc.SigSet previous;
        CheckReturned(Libc.pthread_sigmask(how, &set, &previous));
        return Members(&previous);
    }

    /// <summary>Signals pending for the calling thread or the process.</summary>
    public static IReadOnlyList<int> Pending()
    {
        Libc.SigSet set;
        Check(Libc.sigpending(&set));
        return Members(&set);
    }

    /// <summary>
    /// Blocks <paramref name="signum"/> on the calling thread for the life of the returned scope, so
    /// a change of its disposition and of the engine's table cannot be split by its arrival.
    /// </summary>
    public static BlockedScope Block(int signum) => new(signum);

    /// <summary>See <see cref="Block"/>.</summary>
    public readonly struct BlockedScope : IDisposable
    {
        private readonly Libc.SigSet _previous;

        internal BlockedScope(int signum)
        {
            Libc.SigSet set;
            Libc.sigemptyset(&set);
            Libc.sigaddset(&set, signum);
            Libc.SigSet previous;
            Libc.pthread_sigmask(0 /* SIG_BLOCK */, &set, &previous);
            _previous = previous;
        }

        /// <summary>Restores the mask the scope saved.</summary>
        public void Dispose()
        {
            Libc.SigSet previous = _previous;
            Libc.pthread_sigmask(2 /* SIG_SETMASK */, &previous, null);
        }
    }

    /// <summary>
    /// For an app in which every thread blocks process-directed signals (the thread guard preloaded):
    /// blocks them on the calling thread (the app's initial thread) as well, and starts the core's
    /// keeper thread (native/signal_keeper.c), which takes them while no interpreter does. From then
    /// on <see cref="InterpreterTakesSignals"/> hands them to the interpreter's thread and back.
    /// </summary>
    public static void LeaveSignalsToInterpreterAndKeeper()
    {
        CheckReturned(SignalsNative.signals_native_block_on_calling_thread());
        CheckReturned(SignalsNative.signals_native_keeper_set_open(1));
    }

    /// <summary>
    /// Whether an interpreter's thread takes the process's signals from now on (its start) or no
    /// longer (its end): the keeper (<see cref="LeaveSignalsToInterpreterAndKeeper"/>) then blocks
    /// them, or takes them again. Nothing happens in an app without the keeper.
    /// </summary>
    public static void InterpreterTakesSignals(bool takes)
    {
        if (SignalsNative.signals_native_keeper_started() != 0)
        {
            CheckReturned(SignalsNative.signals_native_keeper_set_open(takes ? 0 : 1));
        }
    }
}
