using Signals.Core;

namespace Signals.Module.Tests;

/// <summary>
/// The module's argument checks, their order and CPython's exact messages (python3.11's; the
/// differential tests compare the same calls end to end). Nothing here changes a disposition, a
/// mask or a timer: every call fails its checks before the module touches the process.
/// </summary>
[TestFixture]
public sealed class SignalModuleTests
{
    private static readonly HandlerHandle None = new(1), SigDfl = new(2), SigIgn = new(3), DefaultInt = new(4), Handler = new(5);

    private FakeEngine _engine = null!;
    private SignalModule _module = null!;

    [SetUp]
    public void CreateModule()
    {
        _engine = new FakeEngine();
        _module = new SignalModule(_engine, None, SigDfl, SigIgn, DefaultInt, ModuleSurface.Python311);
    }

    private static PythonError Raises(PythonErrorKind kind, TestDelegate call)
    {
        PythonError error = Assert.Throws<PythonError>(call)!;
        Assert.That(error.Kind, Is.EqualTo(kind));
        return error;
    }

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(65)]
    public void Signal_rejects_a_number_outside_1_to_NSIG(int signum)
    {
        PythonError error = Raises(PythonErrorKind.ValueError, () => _module.Signal(signum, Handler, HandlerKind.Callable));

        Assert.That(error.Message, Is.EqualTo("signal number out of range"));
        Assert.That(_engine.TripTableWrites, Is.Empty);
        Assert.That(_engine.PendingHandlerRuns, Is.Zero);
    }

    [Test]
    public void Signal_outside_the_main_thread_is_refused_before_the_number_is_checked()
    {
        _engine.IsMainThread = false;

        PythonError error = Raises(PythonErrorKind.ValueError, () => _module.Signal(0, Handler, HandlerKind.Callable));

        Assert.That(error.Message, Is.EqualTo("signal only works in main thread of the main interpreter"));
    }

    [Test]
    public void Signal_rejects_a_handler_that_is_neither_SIG_DFL_SIG_IGN_nor_callable()
    {
        PythonError error = Raises(PythonErrorKind.TypeError, () => _module.Signal(10, Handler, HandlerKind.Invalid));

        Assert.That(error.Message, Is.EqualTo("signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object"));
        Assert.That(_engine.TripTableWrites, Is.Empty);
        Assert.That(_engine.NewReferences + _engine.Releases, Is.Zero, "no reference taken or released");
    }

    [Test]
    public void A_host_policy_denial_is_PermissionError_with_its_message_and_runs_nothing()
    {
        _module.Policy = new DenyAll("signal 15 is reserved by the host");

        PythonError error = Raises(PythonErrorKind.OSError, () => _module.Signal(15, Handler, HandlerKind.Callable));

        Assert.That(error.Errno, Is.EqualTo(1)); // EPERM: PermissionError
        Assert.That(error.Message, Is.EqualTo("signal 15 is reserved by the host"));
        Assert.That(_engine.PendingHandlerRuns, Is.Zero);
        Assert.That(_engine.TripTableWrites, Is.Empty);
    }

    [Test]
    public void Getsignal_strsignal_and_siginterrupt_check_the_number_as_CPython_does()
    {
        Assert.That(Raises(PythonErrorKind.ValueError, () => _module.GetSignal(0)).Message, Is.EqualTo("signal number out of range"));
        Assert.That(Raises(PythonErrorKind.ValueError, () => SignalModule.StrSignal(SignalModule.NSig)).Message, Is.EqualTo("signal number out of range"));
        Assert.That(Raises(PythonErrorKind.ValueError, () => _module.SigInterrupt(-3, true)).Message, Is.EqualTo("signal number out of range"));
    }

    [Test]
    public void Getsignal_of_a_signal_the_module_never_recorded_is_None()
    {
        Assert.That(_module.GetSignal(10), Is.EqualTo(None));
    }

    [Test]
    public void A_signal_set_member_out_of_range_names_the_range_from_3_11_on()
    {
        Assert.That(Raises(PythonErrorKind.ValueError, () => _module.CheckSetMember(0, overflow: false)).Message,
            Is.EqualTo("signal number 0 out of range [1; 64]"));
        Assert.That(Raises(PythonErrorKind.ValueError, () => _module.CheckSetMember(0, overflow: true)).Message,
            Is.EqualTo("signal number -1 out of range [1; 64]"));

        var module310 = new SignalModule(_engine, None, SigDfl, SigIgn, DefaultInt, ModuleSurface.For(10));
        Assert.That(Raises(PythonErrorKind.ValueError, () => module310.CheckSetMember(65, overflow: false)).Message,
            Is.EqualTo("signal number 65 out of range"));
    }

    [Test]
    public void Glibcs_own_signals_in_a_set_are_dropped_with_a_RuntimeWarning()
    {
        Assert.That(_module.CheckSetMember(32, overflow: false), Is.Null);
        Assert.That(_module.CheckSetMember(10, overflow: false), Is.EqualTo(10));
        Assert.That(_engine.Warnings, Is.EqualTo(new[] { "invalid signal number 32, please use valid_signals()" }));
    }

    [TestCase("signal", 1, 2, 2, ExpectedResult = "signal expected 2 arguments, got 1")]
    [TestCase("setitimer", 1, 2, 3, ExpectedResult = "setitimer expected at least 2 arguments, got 1")]
    [TestCase("setitimer", 4, 2, 3, ExpectedResult = "setitimer expected at most 3 arguments, got 4")]
    [TestCase("pidfd_send_signal", 1, 2, 4, ExpectedResult = "pidfd_send_signal expected at least 2 arguments, got 1")]
    public string Positional_counts_are_worded_as_Argument_Clinic_words_them(string function, int given, int min, int max) =>
        Messages.PositionalCount(function, given, min, max);

    [Test]
    public void NSIG_is_the_platforms()
    {
        Assert.That(SignalModule.NSig, Is.EqualTo(SignalCore.NSig));
        Assert.That(SignalModule.NSig, Is.EqualTo(65));
    }

    [Test]
    public void Integer_constants_are_named_once_and_SIGSTKFLT_only_from_3_11_on()
    {
        List<string> names311 = ModuleSurface.Python311.IntegerConstants.Select(c => c.Name).ToList();
        List<string> names310 = ModuleSurface.For(10).IntegerConstants.Select(c => c.Name).ToList();

        Assert.That(names311, Is.Unique);
        Assert.That(names311, Is.SupersetOf(new[] { "NSIG", "SIG_BLOCK", "SIG_UNBLOCK", "SIG_SETMASK", "ITIMER_REAL", "SIGRTMAX" }));
        Assert.That(names311.Except(names310), Is.EqualTo(new[] { "SIGSTKFLT" }));
        Assert.That(names310.Except(names311), Is.Empty);
    }

    private sealed class DenyAll(string denial) : ISignalPolicy
    {
        public string? Deny(int signum, HandlerKind kind) => denial;
    }
}
