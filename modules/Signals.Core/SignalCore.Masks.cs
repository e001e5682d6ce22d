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

        public void Dispose()
        {
            Libc.SigSet previous = _previous;
            Libc.pthread_sigmask(2 /* SIG_SETMASK */, &previous, null);
        }
    }
}
