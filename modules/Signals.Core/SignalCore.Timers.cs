using Signals.Core.Interop;

namespace Signals.Core;

public static unsafe partial class SignalCore
{
    /// <summary><c>alarm(seconds)</c>: returns the seconds that were left of the previous alarm.</summary>
    public static uint Alarm(uint seconds) => Libc.alarm(seconds);

    /// <summary>
    /// <c>setitimer(which, ...)</c> with times in nanoseconds, rounded up to whole microseconds (so a
    /// tiny positive delay never becomes 0, which would disarm the timer). Returns the old
    /// (delay, interval) in seconds.
    /// </summary>
    public static (double Delay, double Interval) SetTimer(int which, long delayNanoseconds, long intervalNanoseconds)
    {
        var value = new Libc.ITimerVal
        {
            Value = ToTimeVal(delayNanoseconds),
            Interval = ToTimeVal(intervalNanoseconds),
        };
        Libc.ITimerVal old;
        Check(Libc.setitimer(which, &value, &old));
        return ToSeconds(old);
    }

    /// <summary><c>getitimer(which)</c>: the (delay, interval) in seconds.</summary>
    public static (double Delay, double Interval) GetTimer(int which)
    {
        Libc.ITimerVal current;
        Check(Libc.getitimer(which, &current));
        return ToSeconds(current);
    }

    private static Libc.TimeVal ToTimeVal(long nanoseconds)
    {
        long microseconds = nanoseconds / 1000;
        if (nanoseconds % 1000 > 0)
        {
            microseconds++;
        }

        long seconds = Math.DivRem(microseconds, 1_000_000, out long remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += 1_000_000;
        }

        return new Libc.TimeVal { Seconds = seconds, Microseconds = remainder };
    }

    /// <summary>As CPython's <c>double_from_timeval</c>: a division, so 0.05 set comes back as 0.05.</summary>
    private static (double, double) ToSeconds(Libc.ITimerVal value) =>
        (value.Value.Seconds + (value.Value.Microseconds / 1_000_000.0),
         value.Interval.Seconds + (value.Interval.Microseconds / 1_000_000.0));
}
