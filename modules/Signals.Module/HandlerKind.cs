namespace Signals.Module;

/// <summary>What a handler argument of <c>signal.signal</c> is, classified by the engine.</summary>
public enum HandlerKind
{
    /// <summary>Exactly the int SIG_DFL (0).</summary>
    Default,

    /// <summary>Exactly the int SIG_IGN (1).</summary>
    Ignore,

    /// <summary>A callable object: the Python handler.</summary>
    Callable,

    /// <summary>Anything else (None, other ints, bools, int subclasses, ...).</summary>
    Invalid,
}
