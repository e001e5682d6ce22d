using System.Diagnostics;
using Signals.Hosting;

namespace Signals.TestApp;

/// <summary>The embedding library (Signals.Hosting) with real signals and real blocking calls.</summary>
internal static class HostScenarios
{
    private static readonly (string Name, string Code)[] s_blockingScripts =
    [
        ("bytecode", "while True:\n    pass"),
        ("time.sleep", "import time\ntime.sleep(60)"),
        ("os.read", "import os\nr, w = os.pipe()\nos.read(r, 1)"),
        ("Event.wait", "import threading\nthreading.Event().wait()"),
        ("subprocess.run", "import subprocess\nsubprocess.run(['sleep', '60'])"),
    ];

    /// <summary>.NET waits called from Python through clr: a signal does not end them, Thread.Interrupt does.</summary>
    private static readonly (string Name, string Code)[] s_dotnetWaits =
    [
        ("Thread.Sleep", "from System.Threading import Thread\nThread.Sleep(60000)"),
        ("WaitHandle.WaitOne", "from System.Threading import ManualResetEvent\nManualResetEvent(False).WaitOne()"),
        ("Task.Wait", "from System.Threading.Tasks import Task\nTask.Delay(60000).Wait()"),
        ("Monitor.Wait", "from System import Object\nfrom System.Threading import Monitor\ngate = Object()\nMonitor.Enter(gate)\nMonitor.Wait(gate)"),
        ("caught, then time.sleep", "import time\nfrom System.Threading import Thread\ntry:\n    Thread.Sleep(60000)\nexcept Exception:\n    pass\ntime.sleep(60)"),
    ];

    /// <summary>
    /// A script blocked in a .NET wait it called through clr is ended by cancellation within a second,
    /// with the chosen exception; the host's next run is unaffected.
    /// </summary>
    public static int CancellationEndsDotNetWaitsQuickly()
    {
        using PythonScriptHost host = PythonScriptHost.Start();
        ScriptOutcome imported = host.RunCode("import clr");
        Program.Say($"import clr: exit {imported.ExitCode}");
        bool all = imported.ExitCode == 0;
        foreach ((string name, string code) in s_dotnetWaits)
        {
            all &= CancelledWithinASecond(host, name, "import clr\n" + code);
            ScriptOutcome next = host.RunCode("from System.Threading import Thread\nThread.Sleep(50)");
            all &= next.ExitCode == 0;
        }

        Program.Say($"later runs unaffected: {all}");
        return all ? 0 : 1;
    }

    /// <summary>Cancelling a script blocked in each call ends it with the chosen exception within a second.</summary>
    public static int CancellationEndsBlockedScriptsQuickly()
    {
        using PythonScriptHost host = PythonScriptHost.Start();
        bool all = true;
        foreach ((string name, string code) in s_blockingScripts)
        {
            all &= CancelledWithinASecond(host, name, code);
        }

        // A timeout raising the exception the app names.
        using (PythonScriptHostTimeout(host, out ScriptOutcome timedOut))
        {
            Program.Say($"timeout: {timedOut.ExceptionType}");
        }

        return all ? 0 : 1;
    }

    /// <summary>Runs <paramref name="code"/>, cancels it half a second in (well inside its blocking call) and reports how it ended.</summary>
    private static bool CancelledWithinASecond(PythonScriptHost host, string name, string code)
    {
        using var cancellation = new CancellationTokenSource();
        Task<ScriptOutcome> run = host.RunCodeAsync(code, cancellation.Token);
        Thread.Sleep(500);
        var clock = Stopwatch.StartNew();
        cancellation.Cancel();
        bool ended = run.Wait(TimeSpan.FromSeconds(10));
        TimeSpan latency = clock.Elapsed;
        ScriptOutcome? outcome = ended ? run.Result : null;
        Program.Say($"{name}: {outcome?.ExceptionType ?? "still running"}, cancelled {outcome?.Cancelled}, within 1 s {latency < TimeSpan.FromSeconds(1)}");
        return ended && outcome!.Cancelled && latency < TimeSpan.FromSeconds(1);
    }

    private static IDisposable PythonScriptHostTimeout(PythonScriptHost host, out ScriptOutcome outcome)
    {
        var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        cancellation.Token.Register(() => host.Interrupt("TimeoutError"));
        outcome = host.RunCode("import time\ntime.sleep(60)");
        return cancellation;
    }

    /// <summary>A signal the host's policy denies raises OSError (EPERM) naming the policy.</summary>
    public static int DeniedSignalRaisesThePolicyError()
    {
        using PythonScriptHost host = PythonScriptHost.Start(new PythonHostOptions
        {
            SignalPolicy = new SignalPolicy("KeepTerm", [15]),
        });
        ScriptOutcome denied = host.RunCode("""
            import signal
            try:
                signal.signal(signal.SIGTERM, lambda signum, frame: None)
            except OSError as e:
                print('OSError', e.errno, e.strerror, flush=True)
                raise
            """);
        Program.Say($"outcome: {denied.ExceptionType}");
        ScriptOutcome allowed = host.RunCode("import signal\nsignal.signal(signal.SIGTERM, signal.SIG_DFL)\nsignal.signal(signal.SIGUSR1, lambda s, f: None)");
        Program.Say($"SIG_DFL and other signals allowed: {allowed.ExitCode == 0}");
        ScriptOutcome carrier = host.RunCode("import signal\nsignal.signal(signal.SIGRTMAX, lambda s, f: None)");
        Program.Say($"the cancellation signal: {carrier.ExceptionType}");
        return 0;
    }

    /// <summary>
    /// <see cref="PythonHostOptions.Interpreter"/> names pyenv's python3.13: scripts run on 3.13's
    /// libpython and standard library, with 3.13's <c>_signal</c> (its own set_wakeup_fd message).
    /// </summary>
    public static int ChosenInterpreterRunsScripts()
    {
        using PythonScriptHost host = PythonScriptHost.Start(new PythonHostOptions
        {
            Interpreter = "/root/.pyenv/versions/3.13.0/bin/python3.13",
        });
        ScriptOutcome outcome = host.RunCode("""
            import os, signal, sys, time
            print('version', sys.version_info[:2], flush=True)
            print('prefix', sys.prefix, flush=True)
            print('stdlib', os.__file__, flush=True)
            hits = []
            signal.signal(signal.SIGUSR1, lambda signum, frame: hits.append(signum))
            os.kill(os.getpid(), signal.SIGUSR1)
            # The app's initial thread takes the signal; the handler runs at the next check on this one.
            deadline = time.monotonic() + 5
            while not hits and time.monotonic() < deadline:
                time.sleep(0.01)
            print('handler ran', hits == [signal.SIGUSR1], flush=True)
            try:
                signal.set_wakeup_fd(-1, bad=1)
            except TypeError as e:
                print('TypeError', e, flush=True)
            """);
        Program.Say($"outcome: {outcome}");
        return outcome.ExitCode;
    }

    /// <summary>
    /// A second Start while a host runs throws; a missing file faults the task RunFileAsync returns;
    /// a traceback of code run from a string shows its source line.
    /// </summary>
    public static int ErrorsArriveWhereDotNetExpectsThem()
    {
        using (PythonScriptHost host = PythonScriptHost.Start())
        {
            try
            {
                using PythonScriptHost second = PythonScriptHost.Start();
                Program.Say("second Start: no exception");
            }
            catch (InvalidOperationException e)
            {
                Program.Say($"second Start: {e.GetType().Name}");
            }

            Task<ScriptOutcome> missing = host.RunFileAsync("/nonexistent/missing.py");
            Program.Say($"RunFileAsync(missing) returned a task: {missing.IsFaulted}, {missing.Exception?.InnerException?.GetType().Name}");

            ScriptOutcome failed = host.RunCode("x = 1\nraise ValueError('from a string')\n");
            string[] traceback = (failed.Traceback ?? string.Empty).Split('\n');
            Program.Say($"traceback shows the source line: {traceback.Any(line => line.Trim() == "raise ValueError('from a string')")}");
            Program.Say($"the host still runs: {host.RunCode("pass").ExitCode == 0}");
        }

        using (PythonScriptHost again = PythonScriptHost.Start())
        {
            Program.Say($"Start after Dispose: {again.RunCode("pass").ExitCode == 0}");
        }

        return 0;
    }

    /// <summary>
    /// An embedded script's sys.executable is a real python (Debian's python3.11 for the default
    /// library), so subprocess and multiprocessing (fork and spawn) start Python, never this app.
    /// </summary>
    public static int ChildrenRunPythonNotTheApp()
    {
        string script = Path.Combine(Path.GetTempPath(), $"children-{Environment.ProcessId}.py");
        File.WriteAllText(script, """
            import multiprocessing, subprocess, sys
            def square(x):
                return x * x
            if __name__ == '__main__':
                print('sys.executable', sys.executable, flush=True)
                print('subprocess', subprocess.run([sys.executable, '-c', 'print(1)'], capture_output=True, text=True).stdout.strip(), flush=True)
                for method in ('fork', 'spawn'):
                    with multiprocessing.get_context(method).Pool(2) as pool:
                        print(method, pool.map(square, range(5)), flush=True)
            """);
        try
        {
            using PythonScriptHost host = PythonScriptHost.Start();
            ScriptOutcome outcome = host.RunFileAsync(script).GetAwaiter().GetResult();
            Program.Say($"outcome: {outcome}");
            return outcome.ExitCode;
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>What a script changes: handlers, SIG_IGN, siginterrupt, the start-up dispositions (SIGPIPE, SIGXFSZ).</summary>
    private const string ChangesEverySignalKind = """
        import signal
        handler = lambda signum, frame: None
        for name in ('SIGUSR1', 'SIGUSR2', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGCHLD', 'SIGWINCH', 'SIGALRM'):
            signal.signal(getattr(signal, name), handler)
        signal.siginterrupt(signal.SIGHUP, False)
        signal.signal(signal.SIGTSTP, signal.SIG_IGN)
        signal.signal(signal.SIGRTMIN + 3, handler)
        signal.signal(signal.SIGABRT, handler)
        """;

    /// <summary>Every signal's action as the kernel holds it (handler, flags, mask), one line each.</summary>
    private static string[] DescribeEveryAction() =>
        [.. Enumerable.Range(1, Signals.Core.SignalCore.NSig - 1).Select(n => $"{n}: {Signals.Core.SignalCore.DescribeAction(n)}")];

    /// <summary>
    /// After Dispose every signal's action is what it was before Start, byte for byte; then Ctrl+C
    /// (the parent's SIGINT) ends the app as it ends a plain .NET app.
    /// </summary>
    public static int DisposeGivesEverySignalBack()
    {
        // The app's first console output sets up System.Native's terminal and signal handling (its
        // handlers for SIGINT, SIGQUIT, SIGCONT, ...): that is the app's own doing, before Start.
        Program.Say("before Start");
        string[] before = DescribeEveryAction();
        using (PythonScriptHost host = PythonScriptHost.Start())
        {
            Program.Say($"script: exit {host.RunCode(ChangesEverySignalKind).ExitCode}");
        }

        string[] after = DescribeEveryAction();
        string[] changed = [.. before.Zip(after).Where(pair => pair.First != pair.Second).Select(pair => $"{pair.First} -> {pair.Second}")];
        Program.Say($"actions that differ after Dispose: {changed.Length}");
        foreach (string line in changed)
        {
            Program.Say(line);
        }

        return WaitForCtrlC();
    }

    /// <summary>
    /// The app subscribes to Console.CancelKeyPress after Start (System.Native's handler goes in front
    /// of the host's, and keeps it as the action it replaced); after Dispose, Ctrl+C runs the app's
    /// handler and, not cancelled, ends the app as it ends a plain .NET app (rc 130).
    /// </summary>
    public static int DisposeAfterDotNetSubscribedCtrlCEndsTheApp()
    {
        using (PythonScriptHost host = PythonScriptHost.Start())
        {
            Program.Say($"script: exit {host.RunCode(ChangesEverySignalKind).ExitCode}");
            Console.CancelKeyPress += (_, _) => Program.Say("dotnet CancelKeyPress ran");
        }

        return WaitForCtrlC();
    }

    private static int WaitForCtrlC()
    {
        Program.Say("ready");
        Thread.Sleep(TimeSpan.FromSeconds(30));
        Program.Say("survived");
        return 0;
    }

    /// <summary>
    /// What .NET callers expect of runs: qualified exception names, a fresh signal state for each run
    /// (unless kept on purpose), OperationCanceledException when asked for, and DisposeAsync's timeout.
    /// </summary>
    public static int RunsBehaveAsDotNetExpects()
    {
        using (PythonScriptHost host = PythonScriptHost.Start(new PythonHostOptions { DisposeTimeout = TimeSpan.FromSeconds(2) }))
        {
            Program.Say($"exception types: {host.RunCode("import json\njson.loads('{')").ExceptionType}, "
                + $"{host.RunCode("class Mine(Exception):\n    pass\nraise Mine()").ExceptionType}, {host.RunCode("raise ValueError('x')").ExceptionType}");

            // Each run starts with the start-up signal state; a signal between runs reaches no script.
            ScriptOutcome first = host.RunCode("""
                import os, signal, socket
                signal.signal(signal.SIGINT, lambda s, f: print("the first run's SIGINT handler ran", flush=True))
                signal.signal(signal.SIGUSR1, lambda s, f: None)
                a, b = socket.socketpair()
                a.setblocking(False)
                signal.set_wakeup_fd(a.fileno())
                signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR2])
                """);
            Signals.Core.SignalCore.SendToProcess(2);
            Thread.Sleep(200);
            ScriptOutcome second = host.RunCode("""
                import signal, time
                time.sleep(0.2)
                print('second run: SIGINT', signal.getsignal(signal.SIGINT) is signal.default_int_handler,
                      'SIGUSR1', signal.getsignal(signal.SIGUSR1), 'wakeup fd', signal.set_wakeup_fd(-1),
                      'mask', sorted(signal.pthread_sigmask(signal.SIG_BLOCK, [])), flush=True)
                """);
            Program.Say($"runs: {first}, {second}");

            // Dispose interrupts a running script, then escalates to SystemExit.
            Task<ScriptOutcome> stubborn = host.RunCodeAsync("""
                import time
                try:
                    time.sleep(30)
                except KeyboardInterrupt:
                    print('caught the first interrupt', flush=True)
                    time.sleep(30)
                """);
            Thread.Sleep(300);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            host.Dispose();
            ScriptOutcome escalated = stubborn.GetAwaiter().GetResult();
            Program.Say($"Dispose escalated to SystemExit: {escalated.ExceptionType is null && escalated.ExitCode != 0}, within the timeout {watch.Elapsed < TimeSpan.FromSeconds(2)}");
        }

        using (PythonScriptHost keeping = PythonScriptHost.Start(new PythonHostOptions { KeepSignalStateBetweenRuns = true }))
        {
            keeping.RunCode("import signal\nsignal.signal(signal.SIGUSR1, lambda s, f: print(\"kept: the first run's handler ran in the second\", flush=True))");
            Signals.Core.SignalCore.SendToProcess(10);
            Thread.Sleep(200);
            keeping.RunCode("pass");
        }

        using (PythonScriptHost throwing = PythonScriptHost.Start(new PythonHostOptions { ThrowOnCancellation = true }))
        {
            using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            try
            {
                throwing.RunCodeAsync("import time\ntime.sleep(30)", cancellation.Token).GetAwaiter().GetResult();
                Program.Say("ThrowOnCancellation: no exception");
            }
            catch (OperationCanceledException e)
            {
                Program.Say($"ThrowOnCancellation: {e.GetType().Name}, token matches {e.CancellationToken == cancellation.Token}");
            }

            Program.Say($"the next run: {throwing.RunCode("pass")}");
        }

        PythonScriptHost stuck = PythonScriptHost.Start();
        _ = stuck.RunCodeAsync("""
            import time
            while True:
                try:
                    time.sleep(1)
                except BaseException:
                    pass
            """);
        Thread.Sleep(300);
        try
        {
            stuck.DisposeAsync(TimeSpan.FromSeconds(1)).AsTask().GetAwaiter().GetResult();
            Program.Say("DisposeAsync of a script that ignores interrupts: returned");
        }
        catch (TimeoutException)
        {
            Program.Say("DisposeAsync of a script that ignores interrupts: TimeoutException");
        }

        try
        {
            PythonScriptHost.Start().Dispose();
            Program.Say("Start after an abandoned host: started");
        }
        catch (InvalidOperationException)
        {
            Program.Say("Start after an abandoned host: InvalidOperationException");
        }

        return 0;
    }

    /// <summary>A script run from a thread-pool thread still runs on Python's main thread: signal.signal works.</summary>
    public static int ScriptFromThreadPoolHandlesSignals()
    {
        using PythonScriptHost host = PythonScriptHost.Start();
        ScriptOutcome outcome = Task.Run(() => host.RunCode("""
            import os, signal, threading, time
            hits = []
            signal.signal(signal.SIGUSR1, lambda signum, frame: hits.append(threading.current_thread() is threading.main_thread()))
            os.kill(os.getpid(), signal.SIGUSR1)
            deadline = time.monotonic() + 5
            while not hits and time.monotonic() < deadline:
                time.sleep(0.01)
            print('handler ran on the main thread:', hits == [True], flush=True)
            """)).GetAwaiter().GetResult();
        Program.Say($"outcome: {outcome}");
        return outcome.ExitCode;
    }

    /// <summary>Ctrl+C (SIGINT) reaches both the app's CancelKeyPress handler and the script's handler.</summary>
    public static int CtrlCReachesAppAndScript()
    {
        using var dotnetRan = new ManualResetEventSlim();
        CoexistenceScenarios.RegisterCancelKeyPress(dotnetRan);
        using PythonScriptHost host = PythonScriptHost.Start();
        ScriptOutcome outcome = host.RunCode(CoexistenceScenarios.PythonWaitsForHandler("SIGINT"));
        bool dotnet = dotnetRan.Wait(TimeSpan.FromSeconds(20));
        Program.Say(dotnet ? "dotnet handler seen" : "dotnet handler not seen");
        return outcome.ExitCode == 0 && dotnet ? 0 : 1;
    }

    /// <summary>Many start-run-shutdown cycles: each restores the dispositions; memory growth is reported.</summary>
    public static int StartRunShutdownCycles()
    {
        const int Cycles = 100;
        const string Script = """
            import json, os, signal, socket, threading
            signal.signal(signal.SIGUSR1, lambda s, f: None)
            a, b = socket.socketpair()
            a.setblocking(False)
            signal.set_wakeup_fd(a.fileno())
            worker = threading.Thread(target=lambda: json.dumps(list(range(10000))))
            worker.start()
            worker.join()
            signal.set_wakeup_fd(-1)
            a.close()
            b.close()
            """;
        // Measure once first: the measuring code's own first run loads assemblies (descriptors).
        _ = OpenDescriptors();
        _ = ThreadsOutsideThePool();
        long firstRss = 0;
        string[] firstDescriptors = [];
        string[] firstThreads = [];
        for (int cycle = 0; cycle < Cycles; cycle++)
        {
            using (PythonScriptHost host = PythonScriptHost.Start())
            {
                ScriptOutcome outcome = host.RunCode(Script);
                if (outcome.ExitCode != 0)
                {
                    Program.Say($"cycle {cycle}: {outcome} {outcome.Traceback}");
                    return 1;
                }
            }

            if (cycle == 0)
            {
                firstDescriptors = OpenDescriptors();
                firstThreads = ThreadsOutsideThePool();
            }

            if (cycle == 4)
            {
                firstRss = ResidentKilobytes();
            }
        }

        long last = ResidentKilobytes();
        string[] descriptors = OpenDescriptors(), threads = ThreadsOutsideThePool();
        Program.Say($"SIGUSR1 after the last shutdown: {Signals.Core.SignalCore.Current(10)}");
        Program.Say($"cycles: {Cycles}; RSS after cycle 5: {firstRss} KiB, after cycle {Cycles}: {last} KiB; growth per cycle: {(last - firstRss) / (Cycles - 5)} KiB");
        Program.Say($"descriptors after cycle 1: {firstDescriptors.Length}, after cycle {Cycles}: {descriptors.Length}; new: [{string.Join(", ", descriptors.Except(firstDescriptors))}]");
        Program.Say($"threads outside the .NET thread pool after cycle 1: {firstThreads.Length}, after cycle {Cycles}: {threads.Length}; new: [{string.Join(", ", threads.Except(firstThreads))}]");
        return 0;
    }

    /// <summary>This process's open descriptors, as "fd -> target".</summary>
    private static string[] OpenDescriptors() =>
        [.. new DirectoryInfo("/proc/self/fd").GetFileSystemInfos()
            .Where(fd => fd.LinkTarget is string target && target != $"/proc/{Environment.ProcessId}/fd") // not the listing's own
            .Select(fd => $"{fd.Name} -> {fd.LinkTarget}").Order()];

    /// <summary>
    /// This process's threads by name, leaving out the .NET thread pool's (".NET TP Worker", ".NET TP
    /// Gate"), which grows and shrinks with load on its own.
    /// </summary>
    private static string[] ThreadsOutsideThePool() =>
        [.. Directory.GetDirectories("/proc/self/task").Select(task => File.ReadAllText(Path.Combine(task, "comm")).Trim())
            .Where(name => !name.StartsWith(".NET TP ", StringComparison.Ordinal)).Order()];

    /// <summary>The meter Signals.IronPython, read with a MeterListener as dotnet-counters would.</summary>
    public static int MetricsCountSignalsAndCancellations()
    {
        var totals = new Dictionary<string, long>();
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Signals.IronPython")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        var hostTags = new HashSet<string>();
        string? scriptTag = null;
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            KeyValuePair<string, object?>[] all = tags.ToArray();
            lock (totals)
            {
                hostTags.UnionWith(all.Where(t => t.Key == "host").Select(t => (string)t.Value!));
                scriptTag = all.Where(t => t.Key == "script").Select(t => (string?)t.Value).FirstOrDefault() ?? scriptTag;
            }

            bool usr1 = !all.Any(t => t.Key == "signal") || all.Any(t => t.Key == "signal" && (int)t.Value! == 10);
            if (usr1)
            {
                lock (totals)
                {
                    totals[instrument.Name] = instrument.Name == "signals.script.cancellations"
                        ? totals.GetValueOrDefault(instrument.Name) + value
                        : value;
                }
            }
        });
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            lock (totals)
            {
                totals[instrument.Name] = totals.GetValueOrDefault(instrument.Name) + 1;
            }
        });
        listener.Start();

        using PythonScriptHost host = PythonScriptHost.Start(new PythonHostOptions { Name = "metrics-host", KeepSignalStateBetweenRuns = true });
        host.RunCode("""
            import os, signal, time
            hits = []
            signal.signal(signal.SIGUSR1, lambda signum, frame: hits.append(signum))
            for sent in range(1, 4):
                os.kill(os.getpid(), signal.SIGUSR1)
                deadline = time.monotonic() + 5
                while len(hits) < sent and time.monotonic() < deadline:
                    time.sleep(0.01)
            """);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        host.RunCode("import time\ntime.sleep(60)", cancellation.Token);
        listener.RecordObservableInstruments();
        lock (totals)
        {
            Program.Say($"received SIGUSR1: {totals.GetValueOrDefault("signals.received")}");
            Program.Say($"delivered SIGUSR1: {totals.GetValueOrDefault("signals.delivered")}");
            Program.Say($"handler durations recorded: {totals.GetValueOrDefault("signals.handler.duration") >= 3}");
            Program.Say($"cancellations: {totals.GetValueOrDefault("signals.script.cancellations")}");
            Program.Say($"host tags: {string.Join(", ", hostTags)}; script tag of the cancellation: {scriptTag}");
        }

        return 0;
    }

    /// <summary>The app delivers a signal to the script's handler without the OS; SIG_DFL ones are left alone.</summary>
    public static int AppRaisesSignalInScript()
    {
        using PythonScriptHost host = PythonScriptHost.Start();
        Task<ScriptOutcome> run = host.RunCodeAsync("""
            import signal, time
            got = []
            signal.signal(signal.SIGUSR2, lambda signum, frame: got.append(signum))
            signal.signal(signal.SIGUSR1, lambda signum, frame: got.append(signum))
            deadline = time.monotonic() + 20
            while len(got) < 2 and time.monotonic() < deadline:
                time.sleep(0.05)
            print('handled:', sorted(got), flush=True)
            """);
        Thread.Sleep(500);
        host.Raise(12);
        host.Raise(10);
        host.Raise(15); // SIG_DFL in the script: nothing happens (the process is not terminated)
        ScriptOutcome outcome = run.GetAwaiter().GetResult();
        Program.Say($"outcome: {outcome}");
        return outcome.ExitCode;
    }

    private static long ResidentKilobytes() =>
        long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
}
