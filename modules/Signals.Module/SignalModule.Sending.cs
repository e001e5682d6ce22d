using Signals.Core;

namespace Signals.Module;

public sealed partial class SignalModule
{
    /// <summary>
    /// <c>raise_signal(signalnum, /)</c>: raise(3) with the interpreter's lock released. No range
    /// check (raise itself says EINVAL); pending handlers run before it returns, as in CPython 3.11+.
    /// </summary>
    public void RaiseSignal(int signum)
    {
        OSErrors(() => _engine.Blocking(() =>
        {
            SignalCore.Raise(signum);
            return 0;
        }));
        // Then, as CPython from 3.11, the handler runs before raise_signal returns (on the main thread).
        if (Surface.RaiseSignalRunsHandlers)
        {
            _engine.RunPendingHandlers();
        }
    }

    /// <summary><c>pthread_kill(thread_id, signalnum, /)</c>: then runs pending handlers, as CPython.</summary>
    public void PthreadKill(nuint threadId, int signum)
    {
        OSErrors(() => SignalCore.ThreadKill(threadId, signum));
        _engine.RunPendingHandlers();
    }

    /// <summary><c>pidfd_send_signal(pidfd, sig, siginfo=None, flags=0, /)</c>.</summary>
    public static void PidfdSendSignal(int pidfd, int signum, bool siginfoIsNone, int flags)
    {
        if (!siginfoIsNone)
        {
            throw PythonError.Type(Messages.SiginfoMustBeNone);
        }

        OSErrors(() => SignalCore.PidfdSendSignal(pidfd, signum, unchecked((uint)flags)));
    }
}
