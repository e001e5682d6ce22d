using Microsoft.Extensions.Logging;
using Signals.Hosting;

namespace Signals.TestApp;

/// <summary>A script's sys.stdout, sys.stderr and sys.stdin captured per host and per run.</summary>
internal static class StreamScenarios
{
    public static int StreamsAreCapturedPerHostAndPerRun()
    {
        var hostWide = new StringWriter();
        using PythonScriptHost host = PythonScriptHost.Start(new PythonHostOptions { Streams = new PythonStreams { Output = hostWide } });
        ScriptOutcome first = host.RunCodeAsync("print('to the host-wide writer')").GetAwaiter().GetResult();
        Program.Say($"host-wide: exit {first.ExitCode}, captured {Quote(hostWide.ToString())}");

        var output = new StringWriter();
        var error = new StringWriter();
        var run = new PythonStreams { Output = output, Error = error, Input = new StringReader("first line\nthe rest\nof it\n") };
        ScriptOutcome second = host.RunCodeAsync(
            "import sys\nprint('out')\nprint('err', file=sys.stderr)\nprint('read:', input())\nsys.stdout.write(sys.stdin.read())",
            run, CancellationToken.None).GetAwaiter().GetResult();
        Program.Say($"per run: exit {second.ExitCode}, stdout {Quote(output.ToString())}, stderr {Quote(error.ToString())}");
        Program.Say($"host-wide writer untouched by the run: {hostWide.ToString() == "to the host-wide writer\n"}");

        var quiet = new StringWriter();
        ScriptOutcome failed = host.RunCodeAsync("print('before')\nraise ValueError('shown')", new PythonStreams { Output = quiet }, CancellationToken.None).GetAwaiter().GetResult();
        Program.Say($"uncaught exception: {failed.ExceptionType} in the outcome, output before it kept: {Quote(quiet.ToString())}");

        var logger = new ListLogger();
        host.RunCodeAsync("import sys\nprint('one')\nprint('two', end='')\nprint('bad', file=sys.stderr)", PythonStreams.ToLogger(logger), CancellationToken.None)
            .GetAwaiter().GetResult();
        Program.Say($"ILogger: {string.Join(" | ", logger.Entries)}");

        using (PythonScope scope = host.CreateScope())
        {
            var scoped = new StringWriter();
            host.ExecuteAsync("print('from a scope')", scope, new PythonStreams { Output = scoped }, CancellationToken.None).GetAwaiter().GetResult();
            Program.Say($"scope run: {Quote(scoped.ToString())}");
        }

        // Cancelled mid-print: every line the script printed is there, in order.
        var counting = new StringWriter();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(400));
        ScriptOutcome cancelled = host.RunCodeAsync("i = 0\nwhile True:\n    print(i)\n    i += 1", new PythonStreams { Output = counting }, cancellation.Token)
            .GetAwaiter().GetResult();
        string[] lines = counting.ToString().Split('\n');
        string[] complete = lines[..^1];
        bool consecutive = complete.Select((line, index) => line == index.ToString(System.Globalization.CultureInfo.InvariantCulture)).All(ok => ok);
        bool tail = lines[^1].Length == 0 || lines[^1] == complete.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Program.Say($"cancelled mid-print: cancelled {cancelled.Cancelled}, lines > 100 {complete.Length > 100}, none lost {consecutive && tail}");

        ScriptOutcome after = host.RunCodeAsync("print('back to the host-wide writer')").GetAwaiter().GetResult();
        Program.Say($"streams restored after each run: {after.ExitCode} {hostWide.ToString().EndsWith("back to the host-wide writer\n", StringComparison.Ordinal)}");
        return 0;
    }

    private static string Quote(string text) => "'" + text.Replace("\n", "\\n", StringComparison.Ordinal) + "'";

    private sealed class ListLogger : ILogger
    {
        public List<string> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries)
            {
                Entries.Add($"{logLevel} {formatter(state, exception)}");
            }
        }
    }
}
