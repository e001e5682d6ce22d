namespace Signals.Core;

/// <summary>The Linux error numbers the core and the module act on.</summary>
public static class Errno
{
    /// <summary>Operation not permitted.</summary>
    public const int EPERM = 1;
    /// <summary>Interrupted system call.</summary>
    public const int EINTR = 4;
    /// <summary>Resource temporarily unavailable (would block).</summary>
    public const int EAGAIN = 11;
    /// <summary>Invalid argument.</summary>
    public const int EINVAL = 22;
}
