using Signals.Tests.Shared;

namespace Signals.Hosting.Tests;

/// <summary>
/// The coexistence matrix of README's "Coexistence with .NET's signal users": for SIGINT, SIGTERM,
/// SIGQUIT and SIGCHLD, when the app's .NET side subscribes (CancelKeyPress for SIGINT,
/// PosixSignalRegistration for the others: before Start, after Start, while a script runs, after
/// Dispose), whether it cancels, and whether the script has a handler. Each cell is a Signals.TestApp
/// child that gets the real signal with kill(1). All 56 cells run.
/// </summary>
[Parallelizable(ParallelScope.All)]
public class CoexistenceMatrixTests
{
    private static readonly Dictionary<string, int> s_numbers = new() { ["SIGINT"] = 2, ["SIGQUIT"] = 3, ["SIGTERM"] = 15, ["SIGCHLD"] = 17 };

    public static IEnumerable<string> Cells() =>
        from signal in s_numbers.Keys
        from when in new[] { "before", "after", "during", "disposed" }
        from cancel in new[] { "cancel", "keep" }
        from handler in when == "disposed" ? new[] { "handler" } : new[] { "handler", "none" }
        select $"{signal}:{when}:{cancel}:{handler}";

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
