using System.Runtime.InteropServices;

namespace Signals.Core.Interop;

/// <summary>
/// The libc entry points the solution uses, declared with their C names. This folder is the only
/// place that calls libc; everything above it speaks in managed types.
/// </summary>
internal static unsafe partial class Libc
{
    // glibc's shared object; "libc" alone would resolve to the libc.so linker script.
    private const string LibName = "libc.so.6";

    public const int RTLD_NOW = 0x2;
    public const int RTLD_GLOBAL = 0x100;

    /// <summary>Signal numbers that are the same on every Linux architecture the project supports.</summary>
    public const int SIGINT = 2;
    public const int SIGQUIT = 3;
    public const int SIGPIPE = 13;
    public const int SIGTERM = 15;
    public const int SIGXFSZ = 25;

    /// <summary><c>SIG_DFL</c> and <c>SIG_IGN</c> as the handler pointer values glibc uses.</summary>
    public static readonly nint SIG_DFL = 0;
    public static readonly nint SIG_IGN = 1;

    /// <summary>
    /// glibc's <c>struct sigaction</c> on Linux (x86_64 and aarch64): the handler union, a 1024-bit
    /// <c>sigset_t</c>, <c>int sa_flags</c>, then <c>sa_restorer</c>.
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SigAction
    {
        public nint Handler;
        public fixed ulong Mask[16];
        public int Flags;
        public nint Restorer;
    }

    [LibraryImport(LibName, EntryPoint = "sigaction", SetLastError = true)]
    public static partial int sigaction(int signum, SigAction* act, SigAction* oldact);

    [LibraryImport(LibName, EntryPoint = "dlopen", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint dlopen(string? filename, int flags);

    [LibraryImport(LibName, EntryPoint = "dlerror")]
    public static partial nint dlerror();

    [LibraryImport(LibName, EntryPoint = "dlsym", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint dlsym(nint handle, string symbol);
}
