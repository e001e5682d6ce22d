namespace Signals.Cli.Tests;

/// <summary>sighost ends with the exit status python3.11 ends with, for the same program.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ExitStatusTests
{
    [TestCase("pass", 0)]
    [TestCase("raise SystemExit(7)", 7)]
    [TestCase("import sys; sys.exit(300)", 300 & 0xFF)]
    [TestCase("import sys; sys.exit('bye')", 1)]
    [TestCase("import sys; sys.exit(None)", 0)]
    [TestCase("1/0", 1)]
    [TestCase("import signal, os; signal.signal(signal.SIGUSR1, lambda *a: exit(3)); os.kill(os.getpid(), signal.SIGUSR1)", 3)]
    public void Program_end_gives_python311s_status_and_stderr(string code, int status)
    {
        RunResult expected = Interpreter.Run(Interpreter.Reference, "-c", code);
        RunResult actual = Interpreter.Run(Interpreter.Sighost, "-c", code);

        Assert.That(actual.ExitCode, Is.EqualTo(status));
        Assert.That(actual, Is.EqualTo(expected));
    }

    [Test]
    public void Uncaught_exception_prints_the_traceback_and_exits_1()
    {
        RunResult actual = Interpreter.Run(Interpreter.Sighost, "-c", "def f(): raise ValueError('boom')\nf()");

        Assert.That(actual.ExitCode, Is.EqualTo(1));
        Assert.That(actual.Stderr, Does.StartWith("Traceback (most recent call last):\n"));
        Assert.That(actual.Stderr, Does.EndWith("ValueError: boom\n"));
    }

    [TestCase("import os, signal, time; os.kill(os.getpid(), signal.SIGINT); time.sleep(5)")]
    [TestCase("raise KeyboardInterrupt")]
    [TestCase("import signal; signal.signal(signal.SIGINT, signal.SIG_IGN); raise KeyboardInterrupt")]
    public void Uncaught_KeyboardInterrupt_prints_the_traceback_then_dies_by_SIGINT(string code)
    {
        RunResult actual = Interpreter.Run(Interpreter.Sighost, "-c", code);

        Assert.That(actual.ExitCode, Is.EqualTo(-2), "death by SIGINT");
        Assert.That(actual.Stderr, Does.StartWith("Traceback (most recent call last):\n"));
        Assert.That(actual.Stderr, Does.EndWith("KeyboardInterrupt\n"));
        Assert.That(actual, Is.EqualTo(Interpreter.Run(Interpreter.Reference, "-c", code)));
    }

    [Test]
    public void Death_by_another_signal_is_reported_as_that_signal()
    {
        const string code = "import os, signal; os.kill(os.getpid(), signal.SIGTERM)";

        Assert.That(Interpreter.Run(Interpreter.Sighost, "-c", code).ExitCode, Is.EqualTo(-15));
    }

    [Test]
    public void Unknown_option_prints_usage_and_exits_2()
    {
        RunResult expected = Interpreter.Run(Interpreter.Reference, "-Z");
        RunResult actual = Interpreter.Run(Interpreter.Sighost, "-Z");

        Assert.That(actual.ExitCode, Is.EqualTo(2));
        Assert.That(actual.Stderr, Does.StartWith("Unknown option: -Z\nusage: "));
        Assert.That(
            Interpreter.Normalise(actual.Stderr, Interpreter.Sighost),
            Is.EqualTo(Interpreter.Normalise(expected.Stderr, Interpreter.Reference)));
    }

    [Test]
    public void Missing_script_gives_python311s_message_and_exits_2()
    {
        const string script = "/nonexistent/missing_script.py";
        RunResult actual = Interpreter.Run(Interpreter.Sighost, script);

        Assert.That(actual.ExitCode, Is.EqualTo(2));
        Assert.That(
            actual.Stderr,
            Is.EqualTo($"{Interpreter.Executable}: can't open file '{script}': [Errno 2] No such file or directory\n"));
    }

    [Test]
    public void Failure_to_flush_stdout_at_exit_gives_120()
    {
        // stdout is a pipe whose reader has gone: the buffered text cannot be written at shut-down.
        string pipeline =
            $"exec 3>&1; {{ \"$0\" -c 'import sys, time; sys.stdout.write(\"x\"); time.sleep(0.5)'; echo $? >&3; }} | true";

        RunResult expected = Interpreter.Run("/bin/sh", "-c", pipeline.Replace("\"$0\"", Interpreter.Reference, StringComparison.Ordinal));
        RunResult actual = Interpreter.Run("/bin/sh", "-c", pipeline.Replace("\"$0\"", Interpreter.Sighost, StringComparison.Ordinal));

        Assert.That(expected.Stdout, Is.EqualTo("120\n"), "reference");
        Assert.That(actual.Stdout, Is.EqualTo("120\n"));
        Assert.That(actual.Stderr, Does.Contain("BrokenPipeError"));
    }

    [TestCase("/nonexistent/libpython3.11.so.1.0", "cannot load /nonexistent/libpython3.11.so.1.0")]
    [TestCase("libz.so.1", "libz.so.1 is not a CPython library")]
    public void Wrong_or_missing_libpython_gives_one_line_naming_the_package(string library, string message)
    {
        var environment = new Dictionary<string, string?> { ["PYTHONNET_PYDLL"] = library };

        RunResult actual = Interpreter.Run(Interpreter.Sighost, ["-c", "pass"], environment: environment);

        Assert.That(actual.ExitCode, Is.EqualTo(1));
        Assert.That(actual.Stderr, Does.StartWith($"sighost: {message}"));
        Assert.That(actual.Stderr, Does.EndWith("apt-get install libpython3.11\n"));
        Assert.That(actual.Stderr.Split('\n'), Has.Length.EqualTo(2), "one line, no .NET stack trace");
    }
}
