namespace Signals.Core;

/// <summary>A libc call of the core failed with <see cref="Errno"/>; the module maps it to OSError.</summary>
public sealed class SignalSystemException : Exception
{
    /// <summary>A failed libc call that set <paramref name="errno"/>.</summary>
    public SignalSystemException(int errno)
        : base($"errno {errno}")
    {
        Errno = errno;
    }

    /// <summary>The error number (<c>errno</c>) of the failed call.</summary>
    public int Errno { get; }
}
