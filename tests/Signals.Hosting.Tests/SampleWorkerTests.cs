using Signals.Tests.Shared;

namespace Signals.Hosting.Tests;

/// <summary>The sample app (host/Signals.Samples.Worker): a Generic Host running worker.py.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class SampleWorkerTests
{
    [Test]
    public void SIGTERM_runs_the_scripts_handler_then_the_app_exits_0()
    {
        using TestAppProcess app = TestAppProcess.StartProgram("Signals.Samples.Worker");
        app.WaitForLine("worker: ready");

        app.Send("TERM");

        Assert.That(app.WaitForExit(), Is.Zero, string.Join(" | ", app.Lines));
        Assert.That(app.Lines, Does.Contain("worker: SIGTERM handler ran, stopping"));
        Assert.That(app.Lines.Any(l => l.StartsWith("worker: stopped cleanly after", StringComparison.Ordinal)), Is.True);
    }

    [Test]
    public void A_timeout_cancels_the_script_with_TimeoutError_and_exit_code_1()
    {
        using TestAppProcess app = TestAppProcess.StartProgram("Signals.Samples.Worker", "--timeout", "1");

        Assert.That(app.WaitForExit(), Is.EqualTo(1), string.Join(" | ", app.Lines));
        Assert.That(app.Lines.Any(l => l.StartsWith("worker: timed out after", StringComparison.Ordinal)), Is.True);
        Assert.That(app.Stderr(), Does.Contain("TimeoutError: cancelled by the host"));
    }

    [Test]
    public void The_callback_sample_script_calls_back_into_the_apps_object_until_the_timeout()
    {
        using TestAppProcess app = TestAppProcess.StartProgram("Signals.Samples.Worker", "--callback", "1.5");

        Assert.That(app.WaitForExit(), Is.Zero, string.Join(" | ", app.Lines));
        Assert.That(app.Lines, Does.Contain("callback: the sample's order book has 100 pending orders"));
        Assert.That(app.Lines, Does.Contain("app: timed out after 1.5 s"));
        string summary = app.Lines.Single(l => l.StartsWith("app: ", StringComparison.Ordinal) && l.Contains("orders completed", StringComparison.Ordinal));
        string handled = app.Lines.Single(l => l.StartsWith("callback: handled ", StringComparison.Ordinal));
        int count = int.Parse(handled.Split(' ')[2], System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(count, Is.GreaterThan(0).And.LessThan(100));
        Assert.That(summary, Does.StartWith($"app: {count} orders completed by the script, {100 - count} left; first: order-1: packed order-1"));
    }
}
