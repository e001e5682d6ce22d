using Signals.Core;

namespace Signals.Module;

public sealed partial class SignalModule
{
    /// <summary><c>alarm(seconds, /)</c>: a negative int wraps to unsigned, as in C.</summary>
    public static int Alarm(int seconds) => (int)SignalCore.Alarm(unchecked((uint)seconds));

    /// <summary><c>pause()</c>: waits for a signal with the interpreter's lock released, then runs the handlers.</summary>
    public void Pause()
    {
        _engine.Blocking(() =>
        {
            SignalCore.Pause();
            return 0;
        });
        _engine.RunPendingHandlers();
    }

    /// <summary><c>setitimer(which, seconds, interval=0.0, /)</c>: the old (delay, interval).</summary>
    public static (double Delay, double Interval) SetITimer(int which, long delayNanoseconds, long intervalNanoseconds) =>
        ItimerErrors(() => SignalCore.SetTimer(which, delayNanoseconds, intervalNanoseconds));

    /// <summary><c>getitimer(which, /)</c>.</summary>
    public static (double Delay, double Interval) GetITimer(int which) => ItimerErrors(() => SignalCore.GetTimer(which));

    private static T ItimerErrors<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (SignalSystemException e)
        {
            throw PythonError.Itimer(e.Errno);
        }
    }
}
