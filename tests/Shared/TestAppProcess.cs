using System.Diagnostics;

namespace Signals.Tests.Shared;

/// <summary>
/// Runs one scenario of Signals.TestApp in a child process (process-wide signal state never leaks
/// into the test runner), with the thread guard preloaded as host/sighost does, and sends it real
/// signals with kill(1).
/// </summary>
internal sealed class TestAppProcess : IDisposable
{
    /// <summary>The configuration these tests were built in, which built the programs they start too.</summary>
#if DEBUG
    private const string Configuration = "debug";
#else
    private const string Configuration = "release";
#endif

    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly SemaphoreSlim _lineArrived = new(0);
    private readonly Task<string> _stderr;

    private TestAppProcess(string program, IEnumerable<string> arguments)
    {
        string directory = Path.Combine(Repository.Root(), "artifacts", "bin", program, Configuration);
        var start = new ProcessStartInfo(Path.Combine(directory, program), arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The caller's PYTHON* settings (PYTHONUNBUFFERED splits a print into two writes, which
        // .NET's output can then come between) are not the scenario's.
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("PYTHON", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["LD_PRELOAD"] = Path.Combine(directory, "libsignals_threadguard.so");
        start.Environment["SIGHOST_SAVED_LD_PRELOAD"] = string.Empty;
        _process = Process.Start(start)!;
        _stderr = _process.StandardError.ReadToEndAsync();
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_lines)
                {
                    _lines.Add(e.Data);
                }

                _lineArrived.Release();
            }
        };
        _process.BeginOutputReadLine();
    }

    public static TestAppProcess Start(string scenario) => new("Signals.TestApp", [scenario]);

    /// <summary>Starts another program of the solution (artifacts/bin/NAME/CONFIGURATION/NAME), guard preloaded too.</summary>
    public static TestAppProcess StartProgram(string program, params string[] arguments) => new(program, arguments);

    /// <summary>Runs <paramref name="scenario"/> to its end; returns its exit status and output lines.</summary>
    public static (int ExitCode, IReadOnlyList<string> Lines) Run(string scenario)
    {
        using TestAppProcess app = Start(scenario);
        return (app.WaitForExit(), app.Lines);
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Waits until the child printed <paramref name="line"/>.</summary>
    public void WaitForLine(string line)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        while (!Lines.Contains(line))
        {
            if (DateTime.UtcNow > deadline || _process.HasExited && !Lines.Contains(line))
            {
                Assert.Fail($"no line '{line}' from the child; it printed: {string.Join(" | ", Lines)}; stderr: {Stderr()}");
            }

            _lineArrived.Wait(TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>Sends <paramref name="signal"/> (a kill(1) name such as INT) to the child.</summary>
    public void Send(string signal)
    {
        using Process kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.That(kill.ExitCode, Is.Zero, "kill(1) failed");
    }

    /// <summary>Waits for the child's end (killing it after 60 s) and returns its exit status.</summary>
    public int WaitForExit()
    {
        if (!_process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            _process.Kill();
            Assert.Fail($"the child did not end; it printed: {string.Join(" | ", Lines)}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Everything the child wrote to stderr (waits up to 10 s for the stream to close).</summary>
    public string Stderr() => _stderr.Wait(TimeSpan.FromSeconds(10)) ? _stderr.Result : "(still open)";

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
        _lineArrived.Dispose();
    }
}
