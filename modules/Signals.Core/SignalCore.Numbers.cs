using System.Runtime.InteropServices;
using Signals.Core.Interop;

namespace Signals.Core;

public static unsafe partial class SignalCore
{
    /// <summary>One more than the highest signal number (CPython's NSIG), read from libc at run time.</summary>
    public static int NSig => Limits.NSig;

    /// <summary>The first real-time signal libc leaves to programs (glibc keeps 32 and 33).</summary>
    public static int SigRtMin => Limits.SigRtMin;

    /// <summary>The highest real-time signal number (glibc's <c>SIGRTMAX</c>).</summary>
    public static int SigRtMax => Limits.SigRtMax;

    /// <summary>Signals a program may name in a mask: every number <c>sigfillset</c> includes.</summary>
    public static IReadOnlyList<int> ValidSignals() => Limits.Valid;

    /// <summary>libc's description of <paramref name="signum"/>, or null where it has none.</summary>
    public static string? StrSignal(int signum)
    {
        string? text = Marshal.PtrToStringUTF8(Libc.strsignal(signum));
        return text is null || text.Contains("Unknown signal", StringComparison.Ordinal) ? null : text;
    }

    /// <summary>Whether the calling thread is the process's initial thread.</summary>
    public static bool OnInitialThread => Libc.gettid() == Libc.getpid();

    /// <summary>
    /// Read once, on first use. A nested class, so other static fields of <see cref="SignalCore"/>
    /// (in other files, whose initialisation order C# leaves open) can size arrays with them.
    /// </summary>
    private static class Limits
    {
        public static readonly int SigRtMin = Libc.__libc_current_sigrtmin();
        public static readonly int SigRtMax = Libc.__libc_current_sigrtmax();
        public static readonly int NSig = SigRtMax + 1;
        public static readonly int[] Valid = ReadValid();
        public static readonly bool[] IsValid = Mark(Valid, NSig);

        private static bool[] Mark(int[] numbers, int size)
        {
            var marked = new bool[size];
            foreach (int number in numbers)
            {
                marked[number] = true;
            }

            return marked;
        }

        private static int[] ReadValid()
        {
            Libc.SigSet set;
            Libc.sigemptyset(&set);
            Libc.sigfillset(&set);
            var valid = new List<int>();
            for (int signum = 1; signum < NSig; signum++)
            {
                if (Libc.sigismember(&set, signum) == 1)
                {
                    valid.Add(signum);
                }
            }

            return [.. valid];
        }
    }

    /// <summary>
    /// The members of a native set, read as glibc lays it out (signal n is bit n-1 of an array of
    /// 64-bit words): no call per signal, on the path of every <c>pthread_sigmask</c>.
    /// </summary>
    private static IReadOnlyList<int> Members(Libc.SigSet* set)
    {
        var members = new List<int>();
        for (int signum = 1; signum < NSig; signum++)
        {
            if ((set->Bits[(signum - 1) / 64] & (1UL << ((signum - 1) % 64))) != 0)
            {
                members.Add(signum);
            }
        }

        return members;
    }

    /// <summary>
    /// Builds a native set; numbers libc refuses (glibc's own 32 and 33) are reported through
    /// <paramref name="refused"/> and left out, as CPython's converter does after its warning.
    /// </summary>
    private static Libc.SigSet ToSet(IEnumerable<int> signals, Action<int>? refused = null)
    {
        Libc.SigSet set = default;
        foreach (int signum in signals)
        {
            if (signum > 0 && signum < NSig && Limits.IsValid[signum])
            {
                set.Bits[(signum - 1) / 64] |= 1UL << ((signum - 1) % 64);
            }
            else
            {
                refused?.Invoke(signum);
            }
        }

        return set;
    }

    /// <summary>Whether libc accepts <paramref name="signum"/> in a signal set.</summary>
    public static bool IsValidInSet(int signum) => signum > 0 && signum < NSig && Limits.IsValid[signum];
}
