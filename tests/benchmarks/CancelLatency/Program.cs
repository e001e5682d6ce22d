using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Signals.Hosting;

namespace CancelLatency;

/// <summary>
/// <c>CancelLatency [ROUNDS]</c>: cancels a script running bytecode, then one blocked in
/// <c>time.sleep</c>, ROUNDS times each; the latency runs from just before
/// <c>CancellationTokenSource.Cancel()</c> (Stopwatch: CLOCK_MONOTONIC) to the first line of the
/// script's <c>except KeyboardInterrupt</c> (<c>time.clock_gettime_ns(CLOCK_MONOTONIC)</c>).
/// Prints p50/p90/p99 in microseconds as JSON.
/// </summary>
internal static class Program
{
    private const string Template = """
        import time
        try:
            BODY
        except KeyboardInterrupt:
            stamp = time.clock_gettime_ns(time.CLOCK_MONOTONIC)
            with open(PATH, 'w') as f:
                f.write(str(stamp))
        """;

    private static int Main(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300;
        string stampFile = Path.Combine(Path.GetTempPath(), $"cancel-latency-{Environment.ProcessId}");
        var results = new Dictionary<string, Dictionary<string, double>>();
        using PythonScriptHost host = PythonScriptHost.Start();
        foreach ((string mode, string body) in new[] { ("bytecode", "while True:\n        pass"), ("sleep", "time.sleep(60)") })
        {
            string code = Template.Replace("BODY", body, StringComparison.Ordinal)
                .Replace("PATH", $"'{stampFile}'", StringComparison.Ordinal);
            var samples = new List<double>();
            for (int round = 0; round < rounds + 10; round++)
            {
                using var cancellation = new CancellationTokenSource();
                Task<ScriptOutcome> run = host.RunCodeAsync(code, cancellation.Token);
                Thread.Sleep(15); // into the loop or the sleep
                long sent = Stopwatch.GetTimestamp();
                cancellation.Cancel();
                run.Wait();
                long received = long.Parse(File.ReadAllText(stampFile), CultureInfo.InvariantCulture);
                if (round >= 10)
                {
                    samples.Add((received - sent) * (1e6 / Stopwatch.Frequency));
                }
            }

            samples.Sort();
            results[mode] = new Dictionary<string, double>
            {
                ["p50"] = samples[samples.Count / 2],
                ["p90"] = samples[(int)(samples.Count * 0.9)],
                ["p99"] = samples[(int)(samples.Count * 0.99)],
            };
        }

        File.Delete(stampFile);
        Console.WriteLine(JsonSerializer.Serialize(results));
        return 0;
    }
}
