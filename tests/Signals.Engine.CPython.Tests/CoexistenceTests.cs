using Signals.Tests.Shared;

namespace Signals.Engine.CPython.Tests;

/// <summary>
/// The .NET runtime's own signal users keep working beside Python handlers for the same signal, in
/// a .NET application that embeds the interpreter (Signals.TestApp child processes, real signals).
/// Order: the core's OS-level handler trips the interpreter first, in signal context; it then
/// chains to System.Native's handler, whose .NET callbacks run on .NET's own threads.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class CoexistenceTests
{
    [TestCase("cancel-key-press", "INT", "dotnet CancelKeyPress ran")]
    [TestCase("posix-signal-registration", "TERM", "dotnet PosixSignalRegistration ran")]
    public void Dotnet_handler_and_Python_handler_of_the_same_signal_both_run(string scenario, string signal, string dotnetLine)
    {
        using TestAppProcess app = TestAppProcess.Start(scenario);
        app.WaitForLine("ready");

        app.Send(signal);

        Assert.That(app.WaitForExit(), Is.Zero, string.Join(" | ", app.Lines));
        Assert.That(app.Lines, Does.Contain("python handler ran"));
        Assert.That(app.Lines, Does.Contain(dotnetLine));
        Assert.That(app.Lines, Does.Contain("dotnet handler seen"));
    }

    [Test]
    public void Process_WaitForExit_returns_the_exit_code_while_a_script_handles_SIGCHLD()
    {
        (int exitCode, IReadOnlyList<string> lines) = TestAppProcess.Run("process-wait");

        Assert.That(lines, Is.EqualTo(new[]
        {
            "dotnet child exit: 7",
            "python handler ran after dotnet child: True",
            "python subprocess exit: 3",
            "dotnet child exit: 9",
            "python handler ran after both children: True",
        }));
        Assert.That(exitCode, Is.Zero);
    }
}
