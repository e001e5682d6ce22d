using Signals.Tests.Shared;

namespace Signals.Core.Tests;

/// <summary>
/// The native-signal core with real signals, each case in its own child process (Signals.TestApp
/// "core-*" scenarios), since dispositions, masks and timers are process-wide.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class SignalCoreTests
{
    [Test]
    public void Core_handler_chains_to_a_dotnet_registration_and_gives_the_signal_back_on_SIG_DFL()
    {
        (int exitCode, IReadOnlyList<string> lines) = TestAppProcess.Run("core-chain");

        Assert.That(exitCode, Is.Zero);
        Assert.That(lines, Is.EqualTo(new[]
        {
            "disposition with core handler: Python",
            "core handler runs: 1, dotnet handler runs: 1",
            "disposition after SIG_DFL: Foreign, held by runtime: True",
            "core handler runs: 1, dotnet handler runs: 2",
        }));
    }

    [Test]
    public void Signal_blocked_by_the_initial_thread_stays_pending_until_sigtimedwait_takes_it()
    {
        (int exitCode, IReadOnlyList<string> lines) = TestAppProcess.Run("core-mask-wait");

        Assert.That(exitCode, Is.Zero, "a runtime thread took SIGUSR2 and died of it");
        Assert.That(lines, Is.EqualTo(new[]
        {
            "pending: 12",
            "waited: signo 12 from own pid True errno 0",
            "pending after wait: []",
        }));
    }

    [Test]
    public void Itimer_rounds_a_tiny_delay_up_fires_and_reads_back()
    {
        (int exitCode, IReadOnlyList<string> lines) = TestAppProcess.Run("core-timer");

        Assert.That(exitCode, Is.Zero);
        Assert.That(lines, Is.EqualTo(new[]
        {
            "timer signal: 14",
            "armed 30 s: delay in (29, 30]: True, interval 0",
            "disarmed; old delay still > 29: True, now: (0, 0)",
        }));
    }

    [Test]
    public void Handlers_are_installed_without_SA_RESTART_and_siginterrupt_toggles_it()
    {
        (int exitCode, IReadOnlyList<string> lines) = TestAppProcess.Run("core-interrupt");

        Assert.That(exitCode, Is.Zero);
        Assert.That(lines, Is.EqualTo(new[]
        {
            "installed restarts: False",
            "after siginterrupt(False) restarts: True",
            "after siginterrupt(True) restarts: False",
        }));
    }

    [Test]
    public void Startup_state_drops_CoreCLRs_SIGINT_handler_and_ignores_SIGPIPE_and_SIGXFSZ()
    {
        (int exitCode, IReadOnlyList<string> lines) = TestAppProcess.Run("core-startup");

        Assert.That(exitCode, Is.Zero);
        Assert.That(lines, Is.EqualTo(new[]
        {
            "before: SIGINT held by CoreCLR True, SIGPIPE Ignored",
            "after: SIGINT Default, SIGPIPE Ignored, SIGXFSZ Ignored",
        }));
    }

    [Test]
    public void Wakeup_fd_receives_the_signal_number_and_a_failed_write_is_recorded()
    {
        (int exitCode, IReadOnlyList<string> lines) = TestAppProcess.Run("core-wakeup");

        Assert.That(exitCode, Is.Zero);
        Assert.That(lines, Is.EqualTo(new[]
        {
            "non-blocking: True",
            "wakeup bytes: 10, write errors: 0",
            "after the fd closed, write error is EBADF: True",
        }));
    }
}
