using Signals.Tests.Shared;

namespace Signals.Hosting.Tests;

/// <summary>
/// The coexistence matrix of README's "Coexistence with .NET's signal users": for SIGINT, SIGTERM,
/// SIGQUIT and SIGCHLD, when the app's .NET side subscribes (CancelKeyPress for SIGINT,
/// PosixSignalRegistration for the others: before Start, after Start, while a script runs, after
/// Dispose), whether it cancels, and whether the script has a handler. Each cell is a Signals.TestApp
/// child that gets the real signal with kill(1). The cells listed as gaps in the README (and in
/// <see cref="Gaps"/>) do not hold today and are not run here.
/// </summary>
[Parallelizable(ParallelScope.All)]
public class CoexistenceMatrixTests
{
    /// <summary>Cells that do not behave as the README's rule says today, with the reason (README table).</summary>
    public static readonly IReadOnlyDictionary<string, string> Gaps = new Dictionary<string, string>
    {
        ["SIGINT:before:keep:handler"] = "race: .NET's re-raise may end the app before the script's handler ran",
        ["SIGINT:before:keep:none"] = "race: .NET's re-raise may end the app before KeyboardInterrupt reached the script",
        ["SIGINT:after:cancel:handler"] = "System.Native goes in front of the host's SIGINT handler; cancelled, the script's handler never runs",
        ["SIGINT:after:cancel:none"] = "as above: no KeyboardInterrupt in the script",
        ["SIGINT:after:keep:handler"] = "not cancelled, .NET gives the signal back to the host's handler: the script's handler runs, the app is not ended",
        ["SIGINT:after:keep:none"] = "as above: KeyboardInterrupt, the app is not ended",
        ["SIGINT:during:cancel:handler"] = "as after Start",
        ["SIGINT:during:cancel:none"] = "as after Start",
        ["SIGINT:during:keep:handler"] = "as after Start",
        ["SIGINT:during:keep:none"] = "as after Start",
        ["SIGTERM:before:keep:handler"] = "race: .NET's re-raise may end the app before the script's handler ran",
        ["SIGTERM:after:keep:handler"] = "race: as before Start",
        ["SIGTERM:during:cancel:handler"] = "System.Native goes in front of the script's handler; cancelled, the script's handler never runs",
        ["SIGTERM:during:keep:handler"] = "not cancelled, .NET gives the signal back to the host's handler: the script's handler runs, the app is not ended",
        ["SIGQUIT:before:keep:handler"] = "race: as SIGTERM",
        ["SIGQUIT:after:keep:handler"] = "race: as SIGTERM",
        ["SIGQUIT:during:cancel:handler"] = "as SIGTERM",
        ["SIGQUIT:during:keep:handler"] = "as SIGTERM",
    };

    private static readonly Dictionary<string, int> s_numbers = new() { ["SIGINT"] = 2, ["SIGQUIT"] = 3, ["SIGTERM"] = 15, ["SIGCHLD"] = 17 };

    public static IEnumerable<string> Cells() =>
        from signal in s_numbers.Keys
        from when in new[] { "before", "after", "during", "disposed" }
        from cancel in new[] { "cancel", "keep" }
        from handler in when == "disposed" ? new[] { "handler" } : new[] { "handler", "none" }
        let cell = $"{signal}:{when}:{cancel}:{handler}"
        where !Gaps.ContainsKey(cell)
        select cell;

    /// <summary>
    /// The rule: .NET's handler runs; the script's handler (or, for SIGINT without one, its
    /// KeyboardInterrupt) runs while a host lives; cancelled by .NET, the default action does not
    /// happen; not cancelled, it does (SIGCHLD's is to ignore), as in a plain .NET app.
    /// </summary>
    [TestCaseSource(nameof(Cells))]
    public void Cell(string cell)
    {
        string[] parts = cell.Split(':');
        int signum = s_numbers[parts[0]];
        bool hostAlive = parts[1] != "disposed", cancel = parts[2] == "cancel", handler = parts[3] == "handler";

        using TestAppProcess app = TestAppProcess.Start("cell:" + cell);
        app.WaitForLine("ready");
        app.Send(parts[0][3..]);
        int exitCode = app.WaitForExit();

        string seen = string.Join(" | ", app.Lines);
        Assert.That(app.Lines, Does.Contain("dotnet handler ran"), seen);
        if (hostAlive && handler)
        {
            Assert.That(app.Lines, Does.Contain("python handler ran"), seen);
        }
        else if (hostAlive && signum == 2)
        {
            Assert.That(app.Lines, Does.Contain("KeyboardInterrupt in the script"), seen);
        }

        if (cancel || signum == 17)
        {
            Assert.That((exitCode, app.Lines.Contains("survived")), Is.EqualTo((0, true)), seen);
        }
        else
        {
            Assert.That((exitCode, app.Lines.Contains("survived")), Is.EqualTo((128 + signum, false)), seen);
        }
    }
}
