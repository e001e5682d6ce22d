namespace Signals.TestApp;

/// <summary>
/// Runs one scenario named on the command line, printing what it observes, one fact a line; the
/// parent test sends real signals (with kill(1)) when a scenario prints "ready".
/// Exit status 0 when the scenario ran to its end.
/// </summary>
internal static class Program
{
    private static readonly Dictionary<string, Func<int>> s_scenarios = new()
    {
        ["cancel-key-press"] = CoexistenceScenarios.CancelKeyPressAndPythonHandler,
        ["posix-signal-registration"] = CoexistenceScenarios.PosixSignalRegistrationAndPythonHandler,
        ["process-wait"] = CoexistenceScenarios.ProcessWaitForExitWithPythonSigchldHandler,
        ["host-cancel"] = HostScenarios.CancellationEndsBlockedScriptsQuickly,
        ["host-cancel-dotnet"] = HostScenarios.CancellationEndsDotNetWaitsQuickly,
        ["host-scopes"] = ScopeScenarios.ScopesShareObjectsBothWays,
        ["host-streams"] = StreamScenarios.StreamsAreCapturedPerHostAndPerRun,
        ["host-fault"] = FaultScenarios.ManagedFaultsStayExceptions,
        ["host-policy"] = HostScenarios.DeniedSignalRaisesThePolicyError,
        ["host-threadpool"] = HostScenarios.ScriptFromThreadPoolHandlesSignals,
        ["host-ctrlc"] = HostScenarios.CtrlCReachesAppAndScript,
        ["host-cycles"] = HostScenarios.StartRunShutdownCycles,
        ["host-raise"] = HostScenarios.AppRaisesSignalInScript,
        ["host-metrics"] = HostScenarios.MetricsCountSignalsAndCancellations,
        ["host-interpreter-3.13"] = HostScenarios.ChosenInterpreterRunsScripts,
        ["host-errors"] = HostScenarios.ErrorsArriveWhereDotNetExpectsThem,
        ["host-children"] = HostScenarios.ChildrenRunPythonNotTheApp,
        ["host-dispose-restores"] = HostScenarios.DisposeGivesEverySignalBack,
        ["host-runs"] = HostScenarios.RunsBehaveAsDotNetExpects,
        ["pool"] = PoolScenarios.WorkersRunIsolateAndEscalate,
        ["bench-pool"] = PoolScenarios.PoolOverheadAgainstInProcess,
        ["host-dispose-after-dotnet"] = HostScenarios.DisposeAfterDotNetSubscribedCtrlCEndsTheApp,
        ["core-chain"] = CoreScenarios.HandlerChainsToRuntimeAndRestoresIt,
        ["core-mask-wait"] = CoreScenarios.BlockedSignalStaysPendingForWait,
        ["core-timer"] = CoreScenarios.TimerFiresAndReadsBack,
        ["core-interrupt"] = CoreScenarios.SigInterruptTogglesRestart,
        ["core-startup"] = CoreScenarios.StartupStateMatchesPython,
        ["core-wakeup"] = CoreScenarios.WakeupFdGetsSignalNumber,
    };

    private static int Main(string[] args)
    {
        if (args.Length == 1 && args[0].StartsWith("cell:", StringComparison.Ordinal))
        {
            return MatrixScenarios.Cell(args[0]);
        }

        if (args.Length != 1 || !s_scenarios.TryGetValue(args[0], out Func<int>? scenario))
        {
            Console.Error.WriteLine($"usage: Signals.TestApp {string.Join('|', s_scenarios.Keys)}");
            return 2;
        }

        return scenario();
    }

    /// <summary>Prints one observation and flushes, so the parent sees it at once.</summary>
    public static void Say(string line)
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }
}
