using System.Diagnostics;
using Signals.Hosting;

namespace Signals.TestApp;

/// <summary>PythonWorkerPool: scripts in worker processes, with real crashes, real signals and real limits.</summary>
internal static class PoolScenarios
{
    /// <summary>This checkout's sighost executable (the TestApp runs from artifacts/bin/Signals.TestApp/CONFIGURATION/).</summary>
    private static string Sighost =>
        Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "sighost", "sighost"));

    public static int WorkersRunIsolateAndEscalate()
    {
        using (PythonWorkerPool pool = PythonWorkerPool.Start(new PythonWorkerPoolOptions { Size = 4 }))
        {
            Task<WorkerOutcome>[] runs = [.. Enumerable.Range(0, 1000).Select(i => pool.RunCodeAsync($"print({i} * {i})"))];
            WorkerOutcome[] outcomes = Task.WhenAll(runs).GetAwaiter().GetResult();
            bool correct = outcomes.Select((outcome, i) => outcome.ExitCode == 0 && outcome.Output == $"{i * i}\n").All(ok => ok);
            Program.Say($"1000 scripts on 4 workers: all outputs correct {correct}");
        }

        var options = new PythonWorkerPoolOptions
        {
            Executable = Sighost, Size = 2, InterruptGrace = TimeSpan.FromMilliseconds(500), TerminateGrace = TimeSpan.FromMilliseconds(500),
        };
        using (PythonWorkerPool pool = PythonWorkerPool.Start(options))
        {
            Program.Say($"sighost worker: {Run(pool, "import sys, signal\nprint(sys.executable.endswith('sighost'), signal.SIGINT)").Output.Trim()}");
            Program.Say($"segfault: {Run(pool, "import ctypes\nctypes.string_at(0)")}");
            Program.Say($"os._exit(3): {Run(pool, "import os\nos._exit(3)")}");
            Program.Say($"uncaught: {Run(pool, "import json\njson.loads('{')")}");
            Program.Say($"busy loop, cancelled: {Cancelled(pool, "while True:\n    pass")}");
            Program.Say($"SIGINT ignored, cancelled: {Cancelled(pool, "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass")}");
            Program.Say($"SIGINT and SIGTERM ignored, cancelled: {Cancelled(pool, "import signal\nfor s in (signal.SIGINT, signal.SIGTERM):\n    signal.signal(s, signal.SIG_IGN)\nwhile True:\n    pass")}");
            Program.Say($"after all that: {Run(pool, "print('still serving')").Output.Trim()}");
        }

        using (PythonWorkerPool pool = PythonWorkerPool.Start(new PythonWorkerPoolOptions { Size = 1, Timeout = TimeSpan.FromMilliseconds(300), CpuSecondsPerRun = 1 }))
        {
            Program.Say($"timeout: {Run(pool, "import time\ntime.sleep(30)")}");
        }

        using (PythonWorkerPool pool = PythonWorkerPool.Start(new PythonWorkerPoolOptions { Size = 1, CpuSecondsPerRun = 1 }))
        {
            Program.Say($"CPU limit: {Run(pool, "while True:\n    pass")}");
        }

        using (PythonWorkerPool pool = PythonWorkerPool.Start(new PythonWorkerPoolOptions { Size = 1, RunsPerWorker = 2 }))
        {
            string[] pids = [.. Enumerable.Range(0, 4).Select(_ => Run(pool, "import os\nprint(os.getpid())").Output.Trim())];
            Program.Say($"4 runs, 2 runs per worker: {pids.Distinct().Count()} workers");
        }

        return 0;
    }

    private static WorkerOutcome Run(PythonWorkerPool pool, string code) => pool.RunCodeAsync(code).GetAwaiter().GetResult();

    /// <summary>Cancels after 300 ms; reports the outcome and whether it came within the grace periods.</summary>
    private static string Cancelled(PythonWorkerPool pool, string code)
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var watch = Stopwatch.StartNew();
        WorkerOutcome outcome = pool.RunCodeAsync(code, cancellation.Token).GetAwaiter().GetResult();
        return $"{outcome}, within the grace periods {watch.Elapsed < TimeSpan.FromSeconds(0.3 + 0.5 + 0.5 + 1)}";
    }

    /// <summary>Per-run overhead of a worker process against the in-process host, side by side (a benchmark, not a test).</summary>
    public static int PoolOverheadAgainstInProcess()
    {
        const int Runs = 300;
        const string Code = "x = sum(range(100))";
        double inProcess, pooled;
        using (PythonScriptHost host = PythonScriptHost.Start())
        {
            host.RunCode(Code);
            var watch = Stopwatch.StartNew();
            for (int i = 0; i < Runs; i++)
            {
                host.RunCode(Code);
            }

            inProcess = watch.Elapsed.TotalMilliseconds / Runs;
        }

        using (PythonWorkerPool pool = PythonWorkerPool.Start(new PythonWorkerPoolOptions { Size = 1, RunsPerWorker = int.MaxValue }))
        {
            Run(pool, Code);
            var watch = Stopwatch.StartNew();
            for (int i = 0; i < Runs; i++)
            {
                Run(pool, Code);
            }

            pooled = watch.Elapsed.TotalMilliseconds / Runs;
        }

        Program.Say($"per run, {Runs} runs one after another: in-process host {inProcess:0.000} ms, worker pool {pooled:0.000} ms, ratio {pooled / inProcess:0.0}x");
        return 0;
    }
}
