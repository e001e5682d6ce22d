namespace Signals.Cli.Tests;

/// <summary>
/// The C# <c>_signal</c> answers every call as CPython's built-in one does: the same return values,
/// exception types and messages, and module attributes (Probes/signal_api_calls.py under both).
/// </summary>
[TestFixture]
public sealed class ApiDifferentialTests
{
    [Test]
    public void Every_signal_function_answers_good_and_bad_arguments_as_python311_does()
    {
        string probe = Path.Combine(TestContext.CurrentContext.TestDirectory, "Probes", "signal_api_calls.py");

        RunResult expected = Interpreter.Run(Interpreter.Reference, probe);
        RunResult actual = Interpreter.Run(Interpreter.Sighost, probe);

        Assert.That(expected.ExitCode, Is.Zero, expected.Stderr);
        Assert.That(actual.ExitCode, Is.Zero, actual.Stderr);
        Assert.That(actual.Stdout.Split('\n'), Has.Length.GreaterThan(100));
        Assert.That(actual.Stdout.Split('\n'), Is.EqualTo(expected.Stdout.Split('\n')));
    }

    [Test]
    public void Signal_module_is_the_CSharp_one_and_says_so()
    {
        RunResult actual = Interpreter.Run(
            Interpreter.Sighost, "-c", "import _signal, sys; print(_signal.__spec__.origin, '_signal' in sys.builtin_module_names)");

        Assert.That(actual.Stdout, Does.EndWith("Signals.Module.dll True\n"));
    }
}
