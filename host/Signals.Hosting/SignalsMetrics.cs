using System.Diagnostics.Metrics;
using Signals.Core;
using Signals.Module;

namespace Signals.Hosting;

/// <summary>
/// The meter <c>Signals.IronPython</c> (watch it with <c>dotnet-counters monitor -n APP --counters
/// Signals.IronPython</c>): signals received per number, delivered to Python, coalesced; Python
/// handler run time; failed wakeup-fd writes; signals ignored by race; script cancellations. Every
/// measurement carries the tag <c>host</c> (<see cref="PythonScriptHost.Name"/>; signals are per
/// process, so the per-signal counters name the host running when they are read); cancellations
/// also carry <c>script</c> (its path, <c>&lt;script&gt;</c> for code, <c>&lt;scope&gt;</c>).
/// </summary>
internal static class SignalsMetrics
{
    public const string MeterName = "Signals.IronPython";

    private static readonly Meter s_meter = new(MeterName);

    private static readonly Counter<long> s_cancellations = s_meter.CreateCounter<long>(
        "signals.script.cancellations", description: "Scripts the host interrupted (cancellation or Interrupt).");

    private static readonly Histogram<double> s_handlerTime = s_meter.CreateHistogram<double>(
        "signals.handler.duration", unit: "s", description: "Run time of Python signal handlers.");

    /// <summary>The running host's name (one host runs at a time).</summary>
    private static volatile string s_host = "none";

    static SignalsMetrics()
    {
        s_meter.CreateObservableCounter("signals.received", () => PerSignal(s => (long)SignalStatistics.Received(s)),
            description: "Signals the OS-level handler received.");
        s_meter.CreateObservableCounter("signals.delivered", () => PerSignal(SignalStatistics.Delivered),
            description: "Python handler runs.");
        s_meter.CreateObservableCounter("signals.coalesced",
            () => PerSignal(s => Math.Max(0, (long)SignalStatistics.Received(s) - SignalStatistics.Delivered(s))),
            description: "Signals received but not delivered as a run of their own (coalesced, or not handled by Python).");
        s_meter.CreateObservableCounter("signals.wakeup.write_failures", () => new Measurement<long>(SignalStatistics.WakeupWriteFailures, HostTag),
            description: "Failed writes to the wakeup fd.");
        s_meter.CreateObservableCounter("signals.ignored_by_race", () => new Measurement<long>(SignalStatistics.IgnoredByRace, HostTag),
            description: "Signals whose handler was replaced by SIG_DFL/SIG_IGN before it ran.");
        SignalStatistics.HandlerRan += (signum, seconds) =>
            s_handlerTime.Record(seconds, new KeyValuePair<string, object?>("signal", signum), HostTag);
    }

    private static KeyValuePair<string, object?> HostTag => new("host", s_host);

    /// <summary>Makes sure the instruments exist (the static constructor ran); <paramref name="host"/> runs from now on.</summary>
    public static void Register(string host) => s_host = host;

    private static readonly Counter<long> s_workersStarted = s_meter.CreateCounter<long>(
        "workers.started", description: "Worker processes a PythonWorkerPool started.");

    private static readonly Counter<long> s_workerRuns = s_meter.CreateCounter<long>(
        "workers.runs", description: "Scripts run by worker processes (tag ended: the worker process ended during the run).");

    public static void RecordWorkerStarted(string pool) => s_workersStarted.Add(1, new KeyValuePair<string, object?>("pool", pool));

    public static void RecordWorkerRun(string pool, bool workerEnded) =>
        s_workerRuns.Add(1, new KeyValuePair<string, object?>("pool", pool), new KeyValuePair<string, object?>("ended", workerEnded));

    public static void RecordCancellation(string host, string script) =>
        s_cancellations.Add(1, new KeyValuePair<string, object?>("host", host), new KeyValuePair<string, object?>("script", script));

    private static IEnumerable<Measurement<long>> PerSignal(Func<int, long> value)
    {
        for (int signum = 1; signum < SignalCore.NSig; signum++)
        {
            long count = value(signum);
            if (count > 0)
            {
                yield return new Measurement<long>(count, new KeyValuePair<string, object?>("signal", signum), HostTag);
            }
        }
    }
}
