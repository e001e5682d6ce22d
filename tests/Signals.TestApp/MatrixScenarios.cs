using System.Runtime.InteropServices;
using Signals.Hosting;

namespace Signals.TestApp;

/// <summary>
/// One cell of the coexistence matrix (README, "Coexistence with .NET's signal users"): a signal, when
/// the app's .NET side subscribes (before Start, after Start, while a script runs, after Dispose),
/// whether .NET cancels, and whether the script has a handler of its own. Named on the command line
/// as <c>cell:SIGNAL:WHEN:cancel|keep:handler|none</c>. Prints what ran; the parent sends the signal
/// with kill(1) after "ready" and reads the exit status.
/// </summary>
internal static class MatrixScenarios
{
    public static int Cell(string name)
    {
        string[] parts = name.Split(':');
        string signal = parts[1];
        string when = parts[2];
        bool cancel = parts[3] == "cancel";
        bool handler = parts[4] == "handler";
        int number = signal switch { "SIGINT" => 2, "SIGQUIT" => 3, "SIGTERM" => 15, "SIGCHLD" => 17, _ => throw new ArgumentException(signal) };

        IDisposable? subscription = null;
        if (when == "before")
        {
            subscription = Subscribe(number, cancel);
        }

        PythonScriptHost host = PythonScriptHost.Start(new PythonHostOptions { KeepSignalStateBetweenRuns = true });
        if (when == "after")
        {
            subscription = Subscribe(number, cancel);
        }

        string script = $$"""
            import signal, time
            ran = []
            {{(handler ? $"signal.signal(signal.{signal}, lambda s, f: (ran.append(s), print('python handler ran', flush=True)))" : "pass")}}
            open({{Quoted(ReadyFile)}}, 'w').close()
            try:
                deadline = time.monotonic() + 2
                while not ran and time.monotonic() < deadline:
                    time.sleep(0.02)
            except KeyboardInterrupt:
                print('KeyboardInterrupt in the script', flush=True)
            """;
        if (when == "disposed")
        {
            host.RunCode(script.Replace("+ 2", "+ 0", StringComparison.Ordinal));
            File.Delete(ReadyFile);
            host.Dispose();
            subscription = Subscribe(number, cancel);
            Program.Say("ready");
            Thread.Sleep(1500);
            Program.Say("survived");
            return 0;
        }

        Task<ScriptOutcome> running = host.RunCodeAsync(script);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!File.Exists(ReadyFile) && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            Thread.Sleep(10);
        }

        File.Delete(ReadyFile);
        if (when == "during")
        {
            subscription = Subscribe(number, cancel);
        }

        Program.Say("ready");
        running.Wait(TimeSpan.FromSeconds(10));
        Thread.Sleep(300);
        Program.Say("survived");
        subscription?.Dispose();
        host.Dispose();
        return 0;
    }

    /// <summary>The script creates it once its handler is in place.</summary>
    private static readonly string ReadyFile = Path.Combine(Path.GetTempPath(), $"matrix-ready-{Environment.ProcessId}");

    private static string Quoted(string text) => "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    private static IDisposable Subscribe(int number, bool cancel)
    {
        if (number == 2)
        {
            ConsoleCancelEventHandler handler = (_, e) =>
            {
                e.Cancel = cancel;
                Program.Say("dotnet handler ran");
            };
            Console.CancelKeyPress += handler;
            return new Unsubscribe(() => Console.CancelKeyPress -= handler);
        }

        return PosixSignalRegistration.Create((PosixSignal)number, context =>
        {
            context.Cancel = cancel;
            Program.Say("dotnet handler ran");
        });
    }

    private sealed class Unsubscribe(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
