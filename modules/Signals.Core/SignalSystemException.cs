namespace Signals.Core;

/// <summary>A libc call of the core failed with <see cref="Errno"/>; the module maps it to OSError.</summary>
public sealed class SignalSystemException : Exception
{
    public SignalSystemException(int errno)
        : base($"errno {errno}")
    {
        Errno = errno;
    }

    public int Errno { get; }
}
