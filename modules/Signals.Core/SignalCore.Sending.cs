using System.Runtime.InteropServices;
using Signals.Core.Interop;

namespace Signals.Core;

public static unsafe partial class SignalCore
{
    /// <summary><c>raise(signum)</c>: to the calling thread; a handler runs before it returns.</summary>
    public static void Raise(int signum) => Check(Libc.raise_(signum));

    /// <summary><c>kill(getpid(), signum)</c>: process-directed, as <c>os.kill(os.getpid(), signum)</c>.</summary>
    public static void SendToProcess(int signum) => Check(Libc.kill(Libc.getpid(), signum));

    /// <summary>Sends <paramref name="signum"/> to the process <paramref name="pid"/> (kill(2)); false when it no longer exists.</summary>
    public static bool SendTo(int pid, int signum)
    {
        if (Libc.kill(pid, signum) == 0)
        {
            return true;
        }

        int errno = Marshal.GetLastPInvokeError();
        return errno == 3 /* ESRCH */ ? false : throw new SignalSystemException(errno);
    }

    /// <summary><c>pthread_kill(thread, signum)</c>.</summary>
    public static void ThreadKill(nuint thread, int signum) => CheckReturned(Libc.pthread_kill(thread, signum));

    /// <summary><c>pthread_self()</c> of the calling thread.</summary>
    public static nuint CurrentThread => Libc.pthread_self();

    /// <summary><c>pidfd_send_signal(pidfd, signum, NULL, flags)</c>.</summary>
    public static void PidfdSendSignal(int pidfd, int signum, uint flags) =>
        Check((int)Libc.syscall_pidfd_send_signal(Libc.SYS_pidfd_send_signal, pidfd, signum, null, flags));
}
