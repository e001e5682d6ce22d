using System.Runtime.InteropServices;
using System.Text;
using Signals.Core;
using Signals.Engine.CPython.Interop;
using Signals.Engine.CPython.SignalModule;
using Signals.Module;

namespace Signals.Engine.CPython;

/// <summary>
/// CPython running inside a .NET application with the project's signal handling. The thread that
/// calls <c>Start</c> becomes the interpreter's main thread (where Python handlers run) and
/// must make every call; <c>Signals.Hosting.PythonScriptHost</c> gives applications a dedicated one.
/// One interpreter at a time per process (CPython's signal state is per process); after
/// <see cref="Dispose"/> another can start.
/// </summary>
public sealed unsafe class EmbeddedInterpreter : IDisposable
{
    private readonly SignalCore.DispositionSnapshot _dispositions;
    private readonly nuint _thread;
    private readonly Thread _managedThread = Thread.CurrentThread;

    /// <summary>Guards <see cref="_inCall"/> and <see cref="_waitInterrupted"/> (see <see cref="InterruptManagedWait"/>).</summary>
    private readonly Lock _waitGate = new();
    private bool _inCall;
    private bool _waitInterrupted;
    private int _cancellationCarrier;
    private bool _disposed;

    /// <summary>The main thread's state while it does not hold the GIL (between calls), so Python threads run.</summary>
    private nint _releasedState;

    private EmbeddedInterpreter(SignalCore.DispositionSnapshot dispositions)
    {
        _dispositions = dispositions;
        _thread = SignalCore.CurrentThread;
        _releasedState = Python.PyEval_SaveThread();
    }

    /// <summary>Holds the GIL on the interpreter's main thread for the life of the scope.</summary>
    private LockScope Lock()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (SignalCore.CurrentThread != _thread)
        {
            throw new InvalidOperationException("an EmbeddedInterpreter is used from the thread that started it");
        }

        Python.PyEval_RestoreThread(_releasedState);
        lock (_waitGate)
        {
            _inCall = true;
        }

        return new LockScope(this);
    }

    private readonly struct LockScope(EmbeddedInterpreter owner) : IDisposable
    {
        public void Dispose()
        {
            owner.LeaveCall();
            owner._releasedState = Python.PyEval_SaveThread();
        }
    }

    /// <summary>
    /// Ends a call: no managed wait of this thread is interrupted from now on, and an interrupt that
    /// arrived after the wait it was meant for had ended is consumed here, not by the host's next wait.
    /// </summary>
    private void LeaveCall()
    {
        bool drain;
        lock (_waitGate)
        {
            _inCall = false;
            drain = _waitInterrupted;
            _waitInterrupted = false;
        }

        if (drain)
        {
            try
            {
                Thread.Sleep(0);
            }
            catch (ThreadInterruptedException)
            {
            }
        }
    }

    /// <summary>Loads libpython (see <see cref="PythonLibrary"/>) and starts the interpreter on this thread.</summary>
    /// <param name="libraryPath">A python executable or libpython (3.10 to 3.13); null: <c>SIGHOST_PYTHON</c>, <c>PYTHONNET_PYDLL</c> or Debian's libpython3.11.</param>
    /// <param name="argv">Becomes <c>sys.argv</c>. <c>sys.executable</c> is the chosen CPython's python
    /// executable (<see cref="PythonLibrary.PythonExecutable"/>), so children never start the application.</param>
    public static EmbeddedInterpreter StartWithLibrary(string? libraryPath, params string[] argv)
    {
        PythonLibrary.Load(libraryPath);
        SignalCore.DispositionSnapshot dispositions = SignalCore.TakeSnapshot();
        if (!SignalCore.OnInitialThread)
        {
            // A thread of the application's (the thread guard, if preloaded, blocked everything on
            // it): as Python's main thread it takes its signals like the initial thread would.
            SignalCore.SetThreadMask(2 /* SIG_SETMASK */, []);
        }

        SignalCore.SetInterpreterThreadToCurrent();
        SignalCore.InterpreterTakesSignals(true);
        string[] arguments = argv.Length > 0 ? argv : [Environment.ProcessPath ?? "embedded"];
        InterpreterStartup.Initialize([.. arguments.Select(Encoding.UTF8.GetBytes)], parseCommandLine: false);
        // Children started through sys.executable (subprocess, multiprocessing's spawn and forkserver)
        // must run Python, never the application itself.
        InterpreterStartup.SetExecutable(PythonLibrary.PythonExecutable);
        return new EmbeddedInterpreter(dispositions);
    }

    /// <summary>Starts with the default library (see <see cref="StartWithLibrary"/>).</summary>
    public static EmbeddedInterpreter Start(params string[] argv) => StartWithLibrary(null, argv);

    /// <summary>The host's policy for scripts' <c>signal.signal</c> calls.</summary>
    public ISignalPolicy? SignalPolicy
    {
        get => CPythonSignalModule.Policy;
        set => CPythonSignalModule.Policy = value;
    }

    /// <summary>
    /// Runs <paramref name="code"/> in <c>__main__</c>. Returns true on success; on an uncaught
    /// exception the traceback goes to <c>sys.stderr</c> and it returns false.
    /// </summary>
    public bool Run(string code)
    {
        using LockScope held = Lock();
        return Python.PyRun_SimpleString(code) == 0;
    }

    /// <summary>
    /// Runs <paramref name="code"/> as a fresh <c>__main__</c> module (put in <c>sys.modules</c>, as
    /// CPython runs a script, so pickle and multiprocessing find its functions; <c>__file__</c> set when
    /// <paramref name="fileName"/> is a file) and reports how it ended: the exit status of
    /// <c>SystemExit</c>, or the uncaught exception with CPython's traceback text.
    /// </summary>
    public ScriptResult Execute(string code, string fileName = "<script>")
    {
        using LockScope held = Lock();
        PyOwned globals;
        try
        {
            globals = PyOwned.Of(PythonApi.NewMainModule(fileName.StartsWith('<') ? null : fileName));
        }
        catch (PendingPythonException)
        {
            return Outcome();
        }

        using (globals)
        {
            if (fileName.StartsWith('<'))
            {
                RegisterSource(fileName, code);
            }

            if (Evaluate(code, fileName, globals.Borrow))
            {
                return new ScriptResult(0, null, null);
            }

            RaisePendingCancellation();
            return Outcome();
        }
    }

    /// <summary>Compiles and runs <paramref name="code"/> in <paramref name="globals"/> (borrowed); false with the exception set.</summary>
    private static bool Evaluate(string code, string fileName, nint globals)
    {
        using PyOwned compiled = PyOwned.OfNullable(Python.Py_CompileString(code, fileName, Python.FileInput));
        using PyOwned result = PyOwned.OfNullable(compiled.IsNull ? 0 : Python.PyEval_EvalCode(compiled.Borrow, globals, globals));
        return !result.IsNull;
    }

    /// <summary>Source lines for tracebacks of code that has no file; a failure only loses them.</summary>
    private static void RegisterSource(string fileName, string code)
    {
        try
        {
            PythonApi.RegisterSource(fileName, code);
        }
        catch (PendingPythonException)
        {
            PythonApi.ClearError();
        }
    }

    /// <summary>A new, empty scope (attaches pythonnet on first use: scopes convert values through it).</summary>
    public InterpreterScope CreateScope()
    {
        using LockScope held = Lock();
        return Clr.ClrScopes.Create();
    }

    /// <summary>Compiles <paramref name="code"/> once, for <see cref="Execute(InterpreterScope, CompiledCode)"/>.</summary>
    /// <exception cref="PythonScriptException">A syntax error.</exception>
    public CompiledCode Compile(string code, string fileName = "<string>")
    {
        using LockScope held = Lock();
        return Clr.ClrScopes.Compile(code, fileName);
    }

    /// <summary>Binds <paramref name="name"/> in the scope (numbers, str, bool become Python's; other objects stay .NET objects).</summary>
    public void SetVariable(InterpreterScope scope, string name, object? value)
    {
        using LockScope held = Lock(scope);
        Clr.ClrScopes.Set(scope, name, value);
    }

    /// <summary>The variable converted to <paramref name="type"/>; false when the scope has no such name.</summary>
    public bool TryGetVariable(InterpreterScope scope, string name, Type type, out object? value)
    {
        using LockScope held = Lock(scope);
        return Clr.ClrScopes.TryGet(scope, name, type, out value);
    }

    /// <summary>Whether <paramref name="scope"/> has a variable named <paramref name="name"/>.</summary>
    public bool ContainsVariable(InterpreterScope scope, string name)
    {
        using LockScope held = Lock(scope);
        return Clr.ClrScopes.Contains(scope, name);
    }

    /// <summary>Unbinds the variable; false when it was not there.</summary>
    public bool RemoveVariable(InterpreterScope scope, string name)
    {
        using LockScope held = Lock(scope);
        return Clr.ClrScopes.Remove(scope, name);
    }

    /// <summary>The scope's variable names, without the dunder names Python adds.</summary>
    public IReadOnlyList<string> GetVariableNames(InterpreterScope scope)
    {
        using LockScope held = Lock(scope);
        return Clr.ClrScopes.Names(scope);
    }

    /// <summary>Runs statements in the scope.</summary>
    /// <exception cref="PythonScriptException">The code raised.</exception>
    public void Execute(InterpreterScope scope, string code)
    {
        using LockScope held = Lock(scope);
        Clr.ClrScopes.Execute(scope, code);
    }

    /// <summary>Runs compiled code in the scope.</summary>
    public void Execute(InterpreterScope scope, CompiledCode code)
    {
        ArgumentNullException.ThrowIfNull(code);
        using LockScope held = Lock(scope);
        Clr.ClrScopes.Execute(scope, code);
    }

    /// <summary>Evaluates an expression in the scope, converted to <paramref name="type"/> (see <see cref="Clr.ClrScopes"/>).</summary>
    public object? Evaluate(InterpreterScope scope, string expression, Type type)
    {
        using LockScope held = Lock(scope);
        return Clr.ClrScopes.Evaluate(scope, expression, type);
    }

    /// <summary>Calls the scope's callable <paramref name="name"/> with .NET arguments; the result converted to <paramref name="type"/>.</summary>
    public object? Invoke(InterpreterScope scope, string name, Type type, params object?[] arguments)
    {
        using LockScope held = Lock(scope);
        return Clr.ClrScopes.Invoke(scope, name, type, arguments);
    }

    /// <summary>
    /// Points <c>sys.stdout</c>, <c>sys.stderr</c> and <c>sys.stdin</c> (each unless null) at .NET
    /// writers and readers until the result is disposed, which flushes them and puts the previous
    /// streams back. Both on this interpreter's thread. Attaches pythonnet (the writers are .NET objects).
    /// </summary>
    public IDisposable RedirectStreams(TextWriter? output, TextWriter? error, TextReader? input)
    {
        using LockScope held = Lock();
        return new StreamRedirection(this, Clr.ClrStreams.Redirect(output, error, input));
    }

    private sealed class StreamRedirection(EmbeddedInterpreter owner, Clr.ClrStreams.Redirection redirection) : IDisposable
    {
        private bool _restored;

        public void Dispose()
        {
            if (!_restored)
            {
                _restored = true;
                using LockScope held = owner.Lock();
                redirection.Restore();
            }
        }
    }

    /// <summary>Releases a scope's variables.</summary>
    public void DisposeScope(InterpreterScope scope)
    {
        using LockScope held = Lock();
        scope.Dispose();
    }

    private LockScope Lock(InterpreterScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ObjectDisposedException.ThrowIf(scope.Disposed, scope);
        return Lock();
    }

    /// <summary>
    /// Lets other .NET threads interrupt Python on this thread: <paramref name="carrier"/> (a
    /// real-time signal the host keeps for itself) then raises the exception <see cref="Interrupt"/>
    /// names, at the next check, inside blocking calls too.
    /// </summary>
    public void EnableInterrupts(int carrier)
    {
        using LockScope held = Lock();
        CPythonSignalModule.EnableCancellation(carrier);
        _cancellationCarrier = carrier;
    }

    /// <summary>
    /// The signal state <see cref="ResetSignalState"/> returns to, recorded by <see cref="RecordSignalBaseline"/>:
    /// a private namespace holding every signal's Python handler and the main thread's mask.
    /// </summary>
    private PyOwned _signalBaseline;

    /// <summary>
    /// Python code that records the interpreter's signal state (every handler, the main thread's
    /// mask) and defines <c>reset()</c>, which returns to it with no wakeup fd and no interval timer.
    /// Run by <see cref="RecordSignalBaseline"/>, and at the start of every worker process.
    /// </summary>
    public const string SignalBaselineCode = """
        import _signal
        handlers = {}
        for number in _signal.valid_signals():
            try:
                handlers[number] = _signal.getsignal(number)
            except (OSError, ValueError):
                pass
        mask = _signal.pthread_sigmask(_signal.SIG_BLOCK, ())
        def reset():
            _signal.set_wakeup_fd(-1)
            for which in (_signal.ITIMER_REAL, _signal.ITIMER_VIRTUAL, _signal.ITIMER_PROF):
                _signal.setitimer(which, 0)
            for number, handler in handlers.items():
                if handler is not None and _signal.getsignal(number) is not handler:
                    try:
                        _signal.signal(number, handler)
                    except (OSError, ValueError, RuntimeError):
                        pass
            _signal.pthread_sigmask(_signal.SIG_SETMASK, mask)
        """;

    /// <summary>Records the signal state to return to between runs (call once, after <see cref="EnableInterrupts"/>).</summary>
    public void RecordSignalBaseline()
    {
        using LockScope held = Lock();
        PyOwned baseline = PyOwned.Of(Python.PyDict_New());
        if (Python.PyDict_SetItemString(baseline.Borrow, "__builtins__", Python.PyEval_GetBuiltins()) != 0 || !RunPrivate(SignalBaselineCode, baseline.Borrow))
        {
            baseline.Dispose();
            throw new PendingPythonException();
        }

        _signalBaseline = baseline;
    }

    /// <summary>
    /// Returns to the state <see cref="RecordSignalBaseline"/> recorded: every Python signal handler
    /// as it was, the main thread's signal mask, no wakeup fd, no interval timer; then drops what
    /// signals tripped meanwhile (see <see cref="DiscardPendingSignals"/>).
    /// </summary>
    public void ResetSignalState()
    {
        using (Lock())
        {
            if (_signalBaseline.IsNull)
            {
                throw new InvalidOperationException("call RecordSignalBaseline first");
            }

            if (!RunPrivate("reset()", _signalBaseline.Borrow))
            {
                PythonApi.ClearError();
            }
        }

        DiscardPendingSignals();
    }

    /// <summary>
    /// Runs the handlers of signals that tripped while no script ran, with the handlers in place now,
    /// and drops what they raise, so that none of it reaches the next script.
    /// </summary>
    public void DiscardPendingSignals()
    {
        using LockScope held = Lock();
        RunPendingHandlersDroppingErrors();
    }

    /// <summary>Runs the handlers of tripped signals now and drops what they raise (the GIL held).</summary>
    private static void RunPendingHandlersDroppingErrors()
    {
        if (Python.PyErr_CheckSignals() != 0)
        {
            PythonApi.ClearError();
        }
    }

    /// <summary>Runs the project's own <paramref name="code"/> in <paramref name="globals"/>; false with the exception set.</summary>
    private static bool RunPrivate(string code, nint globals) => Evaluate(code, "<signals host>", globals);

    /// <summary>Drops an interrupt requested but not yet raised (before the next script starts).</summary>
    public void ClearInterrupt() => CPythonSignalModule.RequestCancellation(null);

    /// <summary>
    /// From any thread: raises <paramref name="exceptionType"/> in the script at its next check
    /// point (a bytecode boundary, or inside <c>time.sleep</c>, reads, <c>select</c>, lock waits,
    /// subprocess waits, by the same signal delivery as any handler).
    /// </summary>
    public void Interrupt(string exceptionType = "KeyboardInterrupt")
    {
        if (_cancellationCarrier == 0)
        {
            throw new InvalidOperationException("call EnableInterrupts first");
        }

        CPythonSignalModule.RequestCancellation(exceptionType);
        SignalCore.ThreadKill(_thread, _cancellationCarrier);
        InterruptManagedWait();
        _ = Task.Run(NudgeUntilRaised);
    }

    /// <summary>
    /// A carrier signal that lands while the script runs bytecode is only seen at the next check
    /// point, and a script can enter a blocking call (<c>time.sleep</c>) before it reaches one: after
    /// an interrupted .NET wait, its <c>except</c> block and the next call's arguments run no check.
    /// So, while the request is still pending and a call runs, the carrier is sent again every 25 ms
    /// (a repeat only wakes the thread: the request is raised once), for at most 10 s.
    /// </summary>
    private void NudgeUntilRaised()
    {
        for (int attempt = 0; attempt < 400; attempt++)
        {
            Thread.Sleep(25);
            lock (_waitGate)
            {
                if (!_inCall || !CPythonSignalModule.CancellationPending)
                {
                    return;
                }

                SignalCore.ThreadKill(_thread, _cancellationCarrier);
            }

            InterruptManagedWait();
        }
    }

    /// <summary>
    /// A script that imported <c>clr</c> may be blocked in a .NET wait (<c>Thread.Sleep</c>,
    /// <c>WaitHandle.WaitOne</c>, <c>Task.Wait</c>, <c>Monitor.Wait</c>, <c>Thread.Join</c>), which a
    /// signal does not end: <see cref="Thread.Interrupt"/> ends it with a
    /// <c>ThreadInterruptedException</c>, and the requested exception follows at the next check
    /// (<see cref="RaisePendingCancellation"/> when the script ends first). Only while a call runs and
    /// the thread is in a managed wait, so the host's own waits between calls are never interrupted.
    /// </summary>
    private void InterruptManagedWait()
    {
        if (!Clr.ClrBridge.IsAttached)
        {
            return;
        }

        lock (_waitGate)
        {
            if (_inCall && (_managedThread.ThreadState & ThreadState.WaitSleepJoin) != 0)
            {
                _waitInterrupted = true;
                _managedThread.Interrupt();
            }
        }
    }

    /// <summary>
    /// The script ended with an exception while a cancellation request was still pending (it ended
    /// before its next check, for example with the <c>ThreadInterruptedException</c> of an interrupted
    /// .NET wait): runs the check now, so the requested exception is the outcome, with the first as
    /// its <c>__context__</c>, as if the check had come in an <c>except</c> block.
    /// </summary>
    private static void RaisePendingCancellation()
    {
        if (!CPythonSignalModule.CancellationPending)
        {
            return;
        }

        PythonException pending = PythonException.Fetch();
        if (Python.PyErr_CheckSignals() == 0)
        {
            pending.Restore();
            return;
        }

        PythonException raised = PythonException.Fetch();
        raised.SetContext(ref pending);
        raised.Restore();
    }

    /// <summary>
    /// From any thread: delivers <paramref name="signum"/> to the script's Python handler without
    /// the OS sending it (as <c>_thread.interrupt_main(signum)</c>: nothing happens when the script
    /// has SIG_DFL or SIG_IGN for it), at the next check point, inside blocking calls too.
    /// </summary>
    public void Raise(int signum)
    {
        if (_cancellationCarrier == 0)
        {
            throw new InvalidOperationException("call EnableInterrupts first");
        }

        if (signum < 1 || signum >= SignalCore.NSig)
        {
            throw new ArgumentOutOfRangeException(nameof(signum), signum, "not a signal number");
        }

        CPythonSignalModule.RequestRaise(signum);
        SignalCore.ThreadKill(_thread, _cancellationCarrier);
    }

    /// <summary>
    /// Finalises the interpreter and gives every signal disposition back as the application had
    /// it (the .NET runtime's handlers included).
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        Python.PyEval_RestoreThread(_releasedState);
        _disposed = true;
        _signalBaseline.Dispose();
        // Handlers of signals that tripped after the last run (an interrupt that came too late, say)
        // run now, and what they raise is dropped: nothing may be pending while the module detaches.
        CPythonSignalModule.RequestCancellation(null);
        RunPendingHandlersDroppingErrors();

        CPythonSignalModule.BeforeFinalize();
        Python.Py_FinalizeEx();
        CPythonSignalModule.AfterFinalize();
        SignalCore.ClearInterpreterThread();
        _dispositions.Restore();
        SignalCore.InterpreterTakesSignals(false);
    }

    /// <summary>The current exception as a <see cref="ScriptResult"/>; clears it.</summary>
    private static ScriptResult Outcome()
    {
        using PythonException exception = PythonException.Fetch();
        string typeName = QualifiedName(exception.Type);
        if (typeName == "SystemExit")
        {
            return new ScriptResult(ExitStatus(exception.Value), null, null);
        }

        return new ScriptResult(1, typeName, FormatException(exception.Value));
    }

    /// <summary>
    /// An exception type's name as CPython's traceback shows it: <c>module.QualName</c>, with the
    /// module left out for built-in exceptions and for those of <c>__main__</c>
    /// (<c>ValueError</c>, <c>json.decoder.JSONDecodeError</c>, <c>Outer.Inner</c>).
    /// </summary>
    private static string QualifiedName(nint type)
    {
        string name = Attribute(type, "__qualname__") ?? "?";
        string? module = Attribute(type, "__module__");
        return module is null or "builtins" or "__main__" ? name : $"{module}.{name}";

        static string? Attribute(nint type, string attribute)
        {
            using PyOwned value = PyOwned.OfNullable(Python.PyObject_GetAttrString(type, attribute));
            if (value.IsNull)
            {
                PythonApi.ClearError();
                return null;
            }

            return PythonApi.Str(value.Borrow);
        }
    }

    /// <summary>SystemExit's status as CPython's <c>_Py_HandleSystemExit</c> reads it.</summary>
    private static int ExitStatus(nint systemExit)
    {
        using PyOwned code = PyOwned.OfNullable(Python.PyObject_GetAttrString(systemExit, "code"));
        if (code.IsNull || code.Borrow == PythonApi.None)
        {
            return 0;
        }

        long status = Python.PyLong_AsLong(code.Borrow);
        if (status == -1 && Python.PyErr_Occurred() != 0)
        {
            PythonApi.ClearError();
            return 1; // a message, as sys.exit('text'): printed by CPython, status 1
        }

        return (int)status;
    }

    private static string? FormatException(nint exception)
    {
        using PyOwned format = PyOwned.OfNullable(PythonApi.Resolve("traceback.format_exception"));
        if (format.IsNull)
        {
            PythonApi.ClearError();
            return null;
        }

        using PyOwned args = PyOwned.OfNullable(PythonApi.NewTuple(PyOwned.NewReference(exception).Steal()));
        using PyOwned lines = PyOwned.OfNullable(Python.PyObject_Call(format.Borrow, args.Borrow, 0));
        if (lines.IsNull)
        {
            PythonApi.ClearError();
            return null;
        }

        var text = new StringBuilder();
        using PyOwned iterator = PyOwned.OfNullable(Python.PyObject_GetIter(lines.Borrow));
        while (!iterator.IsNull)
        {
            using PyOwned line = PyOwned.OfNullable(Python.PyIter_Next(iterator.Borrow));
            if (line.IsNull)
            {
                break;
            }

            text.Append(Marshal.PtrToStringUTF8(Python.PyUnicode_AsUTF8(line.Borrow)));
        }

        return text.ToString();
    }
}
