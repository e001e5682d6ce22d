using Signals.Core.Interop;

namespace Signals.Core;

/// <summary>What the kernel does with a signal: its default action, nothing, or a handler.</summary>
public enum DispositionKind
{
    Default,
    Ignored,
    Handled,
}

/// <summary>Reads and sets process-wide signal dispositions with real <c>sigaction</c>.</summary>
public static unsafe class SignalDisposition
{
    /// <summary>Returns the current disposition of <paramref name="signum"/>.</summary>
    public static DispositionKind Get(int signum)
    {
        Libc.SigAction current;
        if (Libc.sigaction(signum, null, &current) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(signum), signum, "sigaction refused the signal number");
        }

        return current.Handler == Libc.SIG_DFL ? DispositionKind.Default
            : current.Handler == Libc.SIG_IGN ? DispositionKind.Ignored
            : DispositionKind.Handled;
    }

    /// <summary>Sets <paramref name="signum"/> to its default action or to ignored.</summary>
    public static void Set(int signum, DispositionKind kind)
    {
        if (kind == DispositionKind.Handled)
        {
            throw new ArgumentException("Installing a handler goes through the signal core, not here.", nameof(kind));
        }

        Libc.SigAction action = default;
        action.Handler = kind == DispositionKind.Ignored ? Libc.SIG_IGN : Libc.SIG_DFL;
        if (Libc.sigaction(signum, &action, null) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(signum), signum, "sigaction refused the signal number");
        }
    }
}
