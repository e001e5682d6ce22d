namespace Signals.Core;

/// <summary>What the process does with a signal, as a Python program sees it.</summary>
public enum DispositionKind
{
    /// <summary>The kernel's default action (SIG_DFL).</summary>
    Default,

    /// <summary>Discarded (SIG_IGN).</summary>
    Ignored,

    /// <summary>The core's handler, which trips the interpreter.</summary>
    Python,

    /// <summary>A handler the core did not install (the .NET runtime's, faulthandler's, ...).</summary>
    Foreign,
}
