using Signals.Core;

namespace Signals.Module;

public sealed partial class SignalModule
{
    private int _wakeupFd = -1;

    /// <summary>
    /// <c>set_wakeup_fd(fd, *, warn_on_full_buffer=True)</c>: returns the previous fd (-1: none).
    /// Only -1 disables; any other fd must be open and non-blocking.
    /// </summary>
    public int SetWakeupFd(int fd, bool warnOnFullBuffer)
    {
        CheckMainThread(Messages.WakeupOnlyInMainThread);
        if (fd != -1 && !OSErrors(() => SignalCore.IsNonBlocking(fd)))
        {
            throw PythonError.Value(Messages.FdMustBeNonBlocking(fd));
        }

        int previous = _wakeupFd;
        _wakeupFd = fd;
        SignalCore.SetWakeupFd(fd, warnOnFullBuffer);
        return previous;
    }

    /// <summary>Reports each failed wakeup write (CPython: "Exception ignored when trying ...").</summary>
    public void ReportWakeupWriteError()
    {
        (int failures, int errno) = SignalCore.TakeWakeupWriteFailures();
        for (int i = 0; i < failures; i++)
        {
            SignalStatistics.RecordWakeupWriteFailure();
            _engine.ReportWakeupWriteError(errno);
        }
    }
}
