namespace Signals.Core;

/// <summary>The Linux error numbers the core and the module act on.</summary>
public static class Errno
{
    public const int EPERM = 1;
    public const int EINTR = 4;
    public const int EAGAIN = 11;
    public const int EINVAL = 22;
}
