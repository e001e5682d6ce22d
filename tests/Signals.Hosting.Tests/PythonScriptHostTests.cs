using System.Runtime.InteropServices;
using Signals.Tests.Shared;

namespace Signals.Hosting.Tests;

/// <summary>
/// The embedding library in a real .NET application (Signals.TestApp "host-*" scenarios, each in
/// its own process), with real signals, real blocking calls and a real interpreter.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class PythonScriptHostTests
{
    [Test]
    public void Cancelling_a_blocked_script_ends_it_within_a_second_with_the_chosen_exception()
    {
        (int exitCode, IReadOnlyList<string> lines) = TestAppProcess.Run("host-cancel");

        Assert.That(lines, Is.EqualTo(new[]
        {
            "bytecode: KeyboardInterrupt, cancelled True, within 1 s True",
            "time.sleep: KeyboardInterrupt, cancelled True, within 1 s True",
            "os.read: KeyboardInterrupt, cancelled True, within 1 s True",
            "Event.wait: KeyboardInterrupt, cancelled True, within 1 s True",
            "subprocess.run: KeyboardInterrupt, cancelled True, within 1 s True",
            "timeout: TimeoutError",
        }));
        Assert.That(exitCode, Is.Zero);
    }

    [Test]
    public void Cancelling_a_script_blocked_in_a_dotnet_wait_called_through_clr_ends_it_within_a_second()
    {
        (int exitCode, IReadOnlyList<string> lines) = TestAppProcess.Run("host-cancel-dotnet");

        Assert.That(lines, Is.EqualTo(new[]
        {
            "import clr: exit 0",
            "Thread.Sleep: KeyboardInterrupt, cancelled True, within 1 s True",
            "WaitHandle.WaitOne: KeyboardInterrupt, cancelled True, within 1 s True",
            "Task.Wait: KeyboardInterrupt, cancelled True, within 1 s True",
            "Monitor.Wait: KeyboardInterrupt, cancelled True, within 1 s True",
            "caught, then time.sleep: KeyboardInterrupt, cancelled True, within 1 s True",
            "later runs unaffected: True",
        }));
        Assert.That(exitCode, Is.Zero);
    }

    [Test]
    public void Scopes_share_values_and_objects_both_ways_map_exceptions_and_serve_many_threads()
    {
        (int exitCode, IReadOnlyList<string> lines) = TestAppProcess.Run("host-scopes");

        Assert.That(lines, Is.EqualTo(new[]
        {
            "GetVariable<int>: 42",
            "GetVariable<string>: hello world from test app",
            "the same .NET object back: True True renamed",
            "ContainsVariable: True False",
            "TryGetVariable: True 42 False",
            "RemoveVariable: True False False",
            "GetVariableNames: app,count,result,same",
            "GetVariable of a missing name: MissingMemberException: name 'nope' is not defined",
            "GetVariable<int> of a str: InvalidCastException: a Python str cannot be converted to System.Int32",
            "Execute<object>: List[Int64 1, string 'a', null, Double 2.5, Boolean True, List[Int64 2, Int64 3]]",
            "Execute<object> dict: Dict{string 'a': Int64 1, Int64 2: List[Int64 3]}",
            "Execute<object> big int: BigInteger 1180591620717411303424",
            "Execute<double>, <bool>, <string>: 0.25 True xxx",
            "Execute<object> None: True",
            "compiled code reused: 15 101",
            "Invoke: 5 ab hello you from renamed",
            "raise ValueError: PythonScriptException ValueError: bad value | traceback ends: ValueError: bad value",
            "traceback has the frames: True True",
            "json.loads('{'): PythonScriptException json.decoder.JSONDecodeError: Expecting property name enclosed in double quotes: line 1 column 2 (char 1) | traceback ends: json.decoder.JSONDecodeError: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
            "Compile of a syntax error: PythonScriptException SyntaxError: invalid syntax (<string>, line 1) | traceback ends: SyntaxError: invalid syntax",
            "8 threads x 50 calls: True",
            "async calls: t0,t1,t2,t3",
            "cancelled: TaskCanceledException, within 1 s True",
            "usable after cancellation: 2",
        }));
        Assert.That(exitCode, Is.Zero);
    }

    [Test]
    public void Output_error_and_input_are_captured_per_host_and_per_run_and_nothing_is_lost_on_cancellation()
    {
        (int exitCode, IReadOnlyList<string> lines) = TestAppProcess.Run("host-streams");

        Assert.That(lines, Is.EqualTo(new[]
        {
            "host-wide: exit 0, captured 'to the host-wide writer\\n'",
            "per run: exit 0, stdout 'out\\nread: first line\\nthe rest\\nof it\\n', stderr 'err\\n'",
            "host-wide writer untouched by the run: True",
            "uncaught exception: ValueError in the outcome, output before it kept: 'before\\n'",
            "ILogger: Information stdout: one | Error stderr: bad | Information stdout: two",
            "scope run: 'from a scope\\n'",
            "cancelled mid-print: cancelled True, lines > 100 True, none lost True",
            "streams restored after each run: 0 True",
        }));
        Assert.That(exitCode, Is.Zero);
    }

    [Test]
    public void Real_faults_in_managed_code_stay_dotnet_exceptions_in_an_app_hosting_a_script()
    {
        (int exitCode, IReadOnlyList<string> lines) = TestAppProcess.Run("host-fault");

        Assert.That(lines, Is.EqualTo(new[]
        {
            "script ran: exit 0",
            "app caught NullReferenceException",
            "app caught DivideByZeroException",
            "script caught NullReferenceException from .NET",
        }));
        Assert.That(exitCode, Is.Zero);
    }

    [Test]
    public void A_denied_signal_raises_OSError_EPERM_naming_the_policy()
    {
        (int exitCode, IReadOnlyList<string> lines) = TestAppProcess.Run("host-policy");

        Assert.That(exitCode, Is.Zero);
        Assert.That(lines, Is.EqualTo(new[]
        {
            "OSError 1 signal 15 is reserved by the host's signal policy 'KeepTerm'",
            "outcome: PermissionError",
            "SIG_DFL and other signals allowed: True",
            "the cancellation signal: PermissionError",
        }));
    }

    [Test]
    public void Embedded_scripts_start_python_children_never_the_app()
    {
        (int exitCode, IReadOnlyList<string> lines) = TestAppProcess.Run("host-children");

        Assert.That(lines, Is.EqualTo(new[]
        {
            "sys.executable /usr/bin/python3.11",
            "subprocess 1",
            "fork [0, 1, 4, 9, 16]",
            "spawn [0, 1, 4, 9, 16]",
            "outcome: exit 0",
        }));
        Assert.That(exitCode, Is.Zero);
    }

    [Test]
    public void Errors_arrive_where_dotnet_callers_expect_them()
    {
        (int exitCode, IReadOnlyList<string> lines) = TestAppProcess.Run("host-errors");

        Assert.That(lines, Is.EqualTo(new[]
        {
            "second Start: InvalidOperationException",
            "RunFileAsync(missing) returned a task: True, DirectoryNotFoundException",
            "traceback shows the source line: True",
            "the host still runs: True",
            "Start after Dispose: True",
        }));
        Assert.That(exitCode, Is.Zero);
    }

    [Test]
    public void The_Interpreter_option_runs_scripts_on_the_chosen_CPython()
    {
        Assume.That(File.Exists("/root/.pyenv/versions/3.13.0/bin/python3.13"), "pyenv's CPython 3.13.0 is not installed");

        (int exitCode, IReadOnlyList<string> lines) = TestAppProcess.Run("host-interpreter-3.13");

        Assert.That(lines, Is.EqualTo(new[]
        {
            "version (3, 13)",
            "prefix /root/.pyenv/versions/3.13.0",
            "stdlib /root/.pyenv/versions/3.13.0/lib/python3.13/os.py",
            "handler ran True",
            "TypeError set_wakeup_fd() got an unexpected keyword argument 'bad'",
            "outcome: exit 0",
        }));
        Assert.That(exitCode, Is.Zero);
    }

    [Test]
    public void A_script_run_from_a_thread_pool_thread_can_call_signal_signal()
    {
        (int exitCode, IReadOnlyList<string> lines) = TestAppProcess.Run("host-threadpool");

        Assert.That(lines, Is.EqualTo(new[] { "handler ran on the main thread: True", "outcome: exit 0" }));
        Assert.That(exitCode, Is.Zero);
    }

    [Test]
    public void Dispose_gives_every_signal_action_back_byte_for_byte_and_Ctrl_C_then_ends_the_app()
    {
        using TestAppProcess app = TestAppProcess.Start("host-dispose-restores");
        app.WaitForLine("ready");

        app.Send("INT");

        Assert.That(app.WaitForExit(), Is.EqualTo(128 + 2), string.Join(" | ", app.Lines));
        Assert.That(app.Lines, Is.EqualTo(new[] { "before Start", "script: exit 0", "actions that differ after Dispose: 0", "ready" }));
    }

    [Test]
    public void Ctrl_C_after_Dispose_ends_the_app_when_it_subscribed_CancelKeyPress_after_Start()
    {
        using TestAppProcess app = TestAppProcess.Start("host-dispose-after-dotnet");
        app.WaitForLine("ready");

        app.Send("INT");

        Assert.That(app.WaitForExit(), Is.EqualTo(128 + 2), string.Join(" | ", app.Lines));
        Assert.That(app.Lines, Is.EqualTo(new[] { "script: exit 0", "ready", "dotnet CancelKeyPress ran" }));
    }

    [Test]
    public void Runs_give_qualified_exception_names_a_fresh_signal_state_OperationCanceledException_and_a_bounded_Dispose()
    {
        (int exitCode, IReadOnlyList<string> lines) = TestAppProcess.Run("host-runs");

        Assert.That(lines, Is.EqualTo(new[]
        {
            "exception types: json.decoder.JSONDecodeError, Mine, ValueError",
            "second run: SIGINT True SIGUSR1 0 wakeup fd -1 mask []",
            "runs: exit 0, exit 0",
            "caught the first interrupt",
            "Dispose escalated to SystemExit: True, within the timeout True",
            "kept: the first run's handler ran in the second",
            "ThrowOnCancellation: TaskCanceledException, token matches True",
            "the next run: exit 0",
            "DisposeAsync of a script that ignores interrupts: TimeoutException",
            "Start after an abandoned host: InvalidOperationException",
        }));
        Assert.That(exitCode, Is.Zero);
    }

    [Test]
    public void The_worker_pool_runs_a_thousand_scripts_survives_crashes_and_loops_and_reports_death_by_signal()
    {
        (int exitCode, IReadOnlyList<string> lines) = TestAppProcess.Run("pool");

        Assert.That(lines, Is.EqualTo(new[]
        {
            "1000 scripts on 4 workers: all outputs correct True",
            "sighost worker: True 2",
            "segfault: killed by signal 11",
            "os._exit(3): exit 3",
            "uncaught: exit 1: json.decoder.JSONDecodeError",
            "busy loop, cancelled: exit 1: KeyboardInterrupt (cancelled), within the grace periods True",
            "SIGINT ignored, cancelled: killed by signal 15 (cancelled), within the grace periods True",
            "SIGINT and SIGTERM ignored, cancelled: killed by signal 9 (cancelled), within the grace periods True",
            "after all that: still serving",
            "timeout: exit 1: KeyboardInterrupt (cancelled) (timed out)",
            "CPU limit: killed by signal 24",
            "4 runs, 2 runs per worker: 2 workers",
        }));
        Assert.That(exitCode, Is.Zero);
    }

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // PosixSignal.SIGWINCH, as for PosixSignalRegistration
    public void Signal_policies_take_numbers_PosixSignal_values_and_names()
    {
        Assert.That(new SignalPolicy("numbers", [10, 12]).Denied, Is.EquivalentTo(new[] { 10, 12 }));
        Assert.That(new SignalPolicy("dotnet", [PosixSignal.SIGTERM, PosixSignal.SIGWINCH, PosixSignal.SIGHUP, (PosixSignal)10]).Denied,
            Is.EquivalentTo(new[] { 15, 28, 1, 10 }));
        Assert.That(new SignalPolicy("names", ["SIGUSR1", "USR2", "SIGRTMIN+2", "SIGRTMAX-1"]).Denied,
            Is.EquivalentTo(new[] { 10, 12, Signals.Core.SignalCore.SigRtMin + 2, Signals.Core.SignalCore.SigRtMax - 1 }));
        Assert.That(() => new SignalPolicy("bad", ["SIGNOPE"]), Throws.ArgumentException.With.Message.Contains("'SIGNOPE' is not a signal name"));
        Assert.That(() => new SignalPolicy("bad", ["SIGRTMAX+1"]), Throws.ArgumentException);
        Assert.That(() => new SignalPolicy("bad", [0]), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => new SignalPolicy("", [10]), Throws.ArgumentException);
    }

    [Test]
    public void Start_rejects_bad_options_with_the_standard_exceptions()
    {
        Assert.That(() => PythonScriptHost.Start(new PythonHostOptions { DisposeTimeout = TimeSpan.Zero }), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => PythonScriptHost.Start(new PythonHostOptions { Name = "" }), Throws.ArgumentException);
        Assert.That(() => PythonScriptHost.Start(new PythonHostOptions { CancellationException = "" }), Throws.ArgumentException);
    }

    [Test]
    public void Ctrl_C_reaches_the_apps_CancelKeyPress_and_the_scripts_handler()
    {
        using TestAppProcess app = TestAppProcess.Start("host-ctrlc");
        app.WaitForLine("ready");

        app.Send("INT");

        Assert.That(app.WaitForExit(), Is.Zero, string.Join(" | ", app.Lines));
        Assert.That(app.Lines, Does.Contain("python handler ran"));
        Assert.That(app.Lines, Does.Contain("dotnet CancelKeyPress ran"));
    }

    [Test]
    public void The_app_raises_signals_in_the_script_without_the_OS_and_SIG_DFL_ones_are_left_alone()
    {
        (int exitCode, IReadOnlyList<string> lines) = TestAppProcess.Run("host-raise");

        Assert.That(lines, Is.EqualTo(new[] { "handled: [10, 12]", "outcome: exit 0" }));
        Assert.That(exitCode, Is.Zero);
    }

    [Test]
    public void The_meter_counts_signals_received_and_delivered_and_cancellations()
    {
        (int exitCode, IReadOnlyList<string> lines) = TestAppProcess.Run("host-metrics");

        Assert.That(exitCode, Is.Zero);
        Assert.That(lines, Is.EqualTo(new[]
        {
            "received SIGUSR1: 3",
            "delivered SIGUSR1: 3",
            "handler durations recorded: True",
            "cancellations: 1",
            "host tags: metrics-host; script tag of the cancellation: <script>",
        }));
    }

    [Test]
    public void A_hundred_Start_Dispose_cycles_restore_dispositions_and_leak_no_descriptors_threads_or_memory()
    {
        (int exitCode, IReadOnlyList<string> lines) = TestAppProcess.Run("host-cycles");

        Assert.That(exitCode, Is.Zero, string.Join(" | ", lines));
        Assert.That(lines[0], Is.EqualTo("SIGUSR1 after the last shutdown: Default"));
        TestContext.Out.WriteLine(lines[1]);
        long perCycle = long.Parse(lines[1].Split(' ')[^2], System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(perCycle, Is.LessThan(2048), "KiB of resident memory per cycle");
        TestContext.Out.WriteLine(lines[2]);
        TestContext.Out.WriteLine(lines[3]);
        Assert.That(Counts(lines[2]).Last, Is.LessThanOrEqualTo(Counts(lines[2]).First), "descriptors after cycle 100 against cycle 1");
        Assert.That(Counts(lines[3]).Last, Is.LessThanOrEqualTo(Counts(lines[3]).First), "threads after cycle 100 against cycle 1 (a runtime worker may have retired)");

        // "...after cycle 1: N, after cycle 100: M; new: [...]"
        static (int First, int Last) Counts(string line)
        {
            string[] words = line.Split(';')[0].Split(' ');
            return (int.Parse(words[^5].TrimEnd(','), System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(words[^1], System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
