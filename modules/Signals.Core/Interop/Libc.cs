using System.Runtime.InteropServices;

namespace Signals.Core.Interop;

/// <summary>
/// The libc entry points the solution uses, declared with their C names and glibc's Linux layouts
/// (x86_64 and aarch64). This folder is the only place that calls libc; everything above it speaks
/// in managed types. Calls that report failure through <c>errno</c> set the last P/Invoke error.
/// </summary>
internal static unsafe partial class Libc
{
    // glibc's shared object; "libc" alone would resolve to the libc.so linker script.
    private const string LibName = "libc.so.6";

    public const int RTLD_NOW = 0x2;
    public const int RTLD_GLOBAL = 0x100;

    public const int SIGINT = 2;
    public const int SIGQUIT = 3;
    public const int SIGPIPE = 13;
    public const int SIGTERM = 15;
    public const int SIGXFSZ = 25;

    public const int SA_SIGINFO = 0x4;
    public const int SA_RESTART = 0x10000000;
    /// <summary>Set by glibc on every action it passes to the kernel (its own restorer); read back with the action.</summary>
    public const int SA_RESTORER = 0x04000000;

    public const int F_GETFL = 3;
    public const int O_NONBLOCK = 0x800;

    public const int EINTR = 4;
    public const int EAGAIN = 11;
    public const int EINVAL = 22;

    /// <summary>The <c>pidfd_send_signal</c> system call number (the same on every 64-bit Linux ABI).</summary>
    public const nint SYS_pidfd_send_signal = 424;

    public static readonly nint SIG_DFL = 0;
    public static readonly nint SIG_IGN = 1;

    /// <summary>glibc's 1024-bit <c>sigset_t</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SigSet
    {
        public fixed ulong Bits[16];
    }

    /// <summary>glibc's <c>struct sigaction</c>: handler union, mask, flags, restorer.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SigAction
    {
        public nint Handler;
        public SigSet Mask;
        public int Flags;
        public nint Restorer;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct TimeVal
    {
        public long Seconds;
        public long Microseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct ITimerVal
    {
        public TimeVal Interval;
        public TimeVal Value;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <summary>
    /// <c>siginfo_t</c> (128 bytes): <c>si_signo, si_errno, si_code</c>, then a union whose kill,
    /// child and poll members overlap at offset 16 (pid/uid/status, or band).
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    public struct SigInfo
    {
        [FieldOffset(0)] public int Signo;
        [FieldOffset(4)] public int Errno;
        [FieldOffset(8)] public int Code;
        [FieldOffset(16)] public int Pid;
        [FieldOffset(20)] public uint Uid;
        [FieldOffset(24)] public int Status;
        [FieldOffset(16)] public long Band;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct DlInfo
    {
        public nint FileName;
        public nint FileBase;
        public nint SymbolName;
        public nint SymbolAddress;
    }

    [LibraryImport(LibName, SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport(LibName, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int unsetenv(string name);

    [LibraryImport(LibName, SetLastError = true), SuppressGCTransition] // never blocks, never calls back
    public static partial int sigaction(int signum, SigAction* act, SigAction* oldact);

    [LibraryImport(LibName)]
    public static partial int sigemptyset(SigSet* set);

    [LibraryImport(LibName)]
    public static partial int sigfillset(SigSet* set);

    [LibraryImport(LibName, SetLastError = true)]
    public static partial int sigaddset(SigSet* set, int signum);

    [LibraryImport(LibName)]
    public static partial int sigismember(SigSet* set, int signum);

    /// <summary>Returns 0 or an error number (not through errno).</summary>
    [LibraryImport(LibName)]
    public static partial int pthread_sigmask(int how, SigSet* set, SigSet* oldset);

    [LibraryImport(LibName, SetLastError = true)]
    public static partial int sigpending(SigSet* set);

    /// <summary>Returns 0 or an error number (not through errno).</summary>
    [LibraryImport(LibName)]
    public static partial int sigwait(SigSet* set, int* sig);

    [LibraryImport(LibName, SetLastError = true)]
    public static partial int sigwaitinfo(SigSet* set, SigInfo* info);

    [LibraryImport(LibName, SetLastError = true)]
    public static partial int sigtimedwait(SigSet* set, SigInfo* info, TimeSpec* timeout);

    [LibraryImport(LibName, SetLastError = true)]
    public static partial int setitimer(int which, ITimerVal* value, ITimerVal* old);

    [LibraryImport(LibName, SetLastError = true)]
    public static partial int getitimer(int which, ITimerVal* value);

    [LibraryImport(LibName)]
    public static partial uint alarm(uint seconds);

    [LibraryImport(LibName, SetLastError = true)]
    public static partial int pause();

    [LibraryImport(LibName, EntryPoint = "raise", SetLastError = true)]
    public static partial int raise_(int sig);

    [LibraryImport(LibName, SetLastError = true)]
    public static partial int kill(int pid, int sig);

    /// <summary>Returns 0 or an error number (not through errno).</summary>
    [LibraryImport(LibName)]
    public static partial int pthread_kill(nuint thread, int sig);

    [LibraryImport(LibName)]
    public static partial nuint pthread_self();

    /// <summary><c>syscall(SYS_pidfd_send_signal, pidfd, sig, info, flags)</c>.</summary>
    [LibraryImport(LibName, EntryPoint = "syscall", SetLastError = true)]
    public static partial nint syscall_pidfd_send_signal(nint number, int pidfd, int sig, void* info, uint flags);

    [LibraryImport(LibName)]
    public static partial nint strsignal(int sig);

    [LibraryImport(LibName)]
    public static partial int __libc_current_sigrtmin();

    [LibraryImport(LibName)]
    public static partial int __libc_current_sigrtmax();

    [LibraryImport(LibName, EntryPoint = "fcntl", SetLastError = true)]
    public static partial int fcntl_getfl(int fd, int cmd);

    [LibraryImport(LibName)]
    public static partial int getpid();

    /// <summary><c>_exit(2)</c>: ends the process at once, without atexit handlers or the runtime's shutdown.</summary>
    [LibraryImport(LibName, EntryPoint = "_exit")]
    public static partial void _exit(int status);

    /// <summary><c>fflush(NULL)</c>: flushes every C stdio stream.</summary>
    [LibraryImport(LibName)]
    public static partial int fflush(nint stream);

    [LibraryImport(LibName)]
    public static partial int gettid();

    [LibraryImport(LibName, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint dlopen(string? filename, int flags);

    [LibraryImport(LibName)]
    public static partial nint dlerror();

    [LibraryImport(LibName, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint dlsym(nint handle, string symbol);

    [LibraryImport(LibName)]
    public static partial int dladdr(nint address, DlInfo* info);

    /// <summary><c>execve(2)</c>: returns only on failure (-1, errno set).</summary>
    [LibraryImport(LibName, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int execve(string path, byte** argv, byte** envp);
}
