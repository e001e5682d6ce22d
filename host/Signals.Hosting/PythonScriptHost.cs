using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Signals.Core;
using Signals.Engine.CPython;
using Signals.Module;

namespace Signals.Hosting;

/// <summary>
/// CPython 3.11 inside a .NET application, on one interpreter thread the host owns: scripts always
/// run there (Python's main thread, where its signal handlers run), whichever .NET thread asks.
/// Cancellation (a <see cref="CancellationToken"/> or <see cref="Interrupt"/>) raises an exception in
/// the script at its next check point, inside <c>time.sleep</c>, reads, <c>select</c>, lock and event
/// waits and subprocess waits too, by the same delivery as signals. A script that catches and
/// ignores it can be escalated: interrupt again (each call raises again), or end the process.
/// One host per process; disposing it stops the running script, finalises CPython and restores every
/// signal disposition.
/// </summary>
public sealed class PythonScriptHost : IDisposable, IAsyncDisposable
{
    private readonly PythonHostOptions _options;
    private readonly BlockingCollection<Action<EmbeddedInterpreter>> _work = [];
    private readonly Thread _thread;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    /// <summary>Completes when the interpreter thread has finalised CPython and ended.</summary>
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    /// <summary>1 while a host of this process is between <see cref="Start"/> and the end of <see cref="Dispose"/>.</summary>
    private static int s_alive;
    /// <summary>Hosts this process has started (default names).</summary>
    private static int s_started;

    private EmbeddedInterpreter? _interpreter;
    private bool _disposed;
    /// <summary>Set by Dispose: queued work that has not started is cancelled.</summary>
    private volatile bool _stopping;
    /// <summary>1 while a script's code runs on the interpreter thread (see <see cref="RunScript"/>).</summary>
    private int _running;
    /// <summary>Guards <see cref="_running"/>'s end against <see cref="DeferDefaultAction"/>.</summary>
    private readonly object _defaultActionGate = new();
    /// <summary>A signal whose default action .NET asked for while a script ran (0: none); see <see cref="DeferDefaultAction"/>.</summary>
    private int _deferredDefaultAction;
    /// <summary>The running script's name for the meter (a path, <c>&lt;script&gt;</c> or <c>&lt;scope&gt;</c>).</summary>
    private volatile string? _currentScript;

    private PythonScriptHost(PythonHostOptions options)
    {
        _options = options;
        Name = options.Name ?? $"python-host-{Interlocked.Increment(ref s_started)}";
        _thread = new Thread(Loop, maxStackSize: 16 * 1024 * 1024) { Name = "Python main thread", IsBackground = true };
    }

    /// <summary>The host's name (<see cref="PythonHostOptions.Name"/>): the <c>host</c> tag of its measurements.</summary>
    public string Name { get; }

    /// <summary>
    /// Opts the app in to CPython's <c>sigpending</c>/<c>sigwait</c> semantics: a signal the
    /// interpreter blocks stays pending instead of being taken by one of .NET's threads. Re-executes
    /// the app once, with the same command line, with the thread guard (<c>libsignals_threadguard.so</c>,
    /// beside the library's native parts) preloaded, so that every thread .NET starts begins with
    /// signals blocked; children do not inherit it. Once loaded, the calling thread blocks them too,
    /// and they reach Python's main thread while a host runs (a signal a script blocks stays
    /// pending), and a thread of the library's while none runs (Ctrl+C still reaches the app). Call
    /// it as the first line of <c>Main</c>, before anything starts threads, work or a host.
    /// </summary>
    /// <exception cref="InvalidOperationException">A host started already; or the guard's file is missing, or it did not load after the re-execution.</exception>
    /// <exception cref="SignalSystemException">The re-execution failed (the errno of execve).</exception>
    public static void EnsureThreadGuard()
    {
        if (PythonLibrary.LoadedFrom is not null)
        {
            throw new InvalidOperationException("EnsureThreadGuard must come first in Main, before any host starts");
        }

        if (ProcessImage.ThreadGuardLoaded)
        {
            SignalCore.LeaveSignalsToInterpreterAndKeeper();
            return;
        }

        ProcessImage.ReplaceWithThreadGuardPreloaded();
    }

    /// <summary>Starts CPython on a new interpreter thread; returns once it is ready.</summary>
    /// <exception cref="InvalidOperationException">Another host of this process is running: CPython's signal state is per process, so one interpreter runs at a time (dispose it first).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="PythonHostOptions.DisposeTimeout"/> is not positive.</exception>
    /// <exception cref="ArgumentException"><see cref="PythonHostOptions.Name"/> is empty, or <see cref="PythonHostOptions.CancellationException"/> is.</exception>
    public static PythonScriptHost Start(PythonHostOptions? options = null)
    {
        if (options is not null)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.DisposeTimeout, TimeSpan.Zero, nameof(options));
            if (options.Name is { Length: 0 })
            {
                throw new ArgumentException("PythonHostOptions.Name must not be empty (null: a default name)", nameof(options));
            }

            ArgumentException.ThrowIfNullOrEmpty(options.CancellationException, nameof(options));
            ArgumentNullException.ThrowIfNull(options.SignalPolicy, nameof(options));
            ArgumentNullException.ThrowIfNull(options.Arguments, nameof(options));
        }

        if (Interlocked.CompareExchange(ref s_alive, 1, 0) != 0)
        {
            throw new InvalidOperationException(
                "a PythonScriptHost is already running in this process; dispose it before starting another (one CPython interpreter per process)");
        }

        var host = new PythonScriptHost(options ?? new PythonHostOptions());
        try
        {
            host._thread.Start();
            host._started.Task.GetAwaiter().GetResult();
        }
        catch
        {
            host._thread.Join();
            Volatile.Write(ref s_alive, 0);
            throw;
        }

        return host;
    }

    /// <summary>Runs <paramref name="code"/> as <c>__main__</c> on the interpreter thread.</summary>
    public Task<ScriptOutcome> RunCodeAsync(string code, CancellationToken cancellationToken = default) =>
        RunCodeAsync(code, null, cancellationToken);

    /// <summary>
    /// Runs <paramref name="code"/> as <c>__main__</c> with its I/O captured by <paramref name="streams"/>
    /// (null: the options' <see cref="PythonHostOptions.Streams"/>); all of it is flushed before the outcome returns.
    /// </summary>
    public Task<ScriptOutcome> RunCodeAsync(string code, PythonStreams? streams, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        return Submit(interpreter => interpreter.Execute(code), "<script>", streams, cancellationToken);
    }

    /// <summary>Runs the file at <paramref name="path"/> as <c>__main__</c>.</summary>
    /// <remarks>A file that cannot be read faults the returned task (<see cref="IOException"/>, ...).</remarks>
    public Task<ScriptOutcome> RunFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string code;
        try
        {
            code = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Task.FromException<ScriptOutcome>(e);
        }

        string fullPath = Path.GetFullPath(path);
        return Submit(interpreter => interpreter.Execute(code, fullPath), fullPath, null, cancellationToken);
    }

    /// <summary>Synchronous <see cref="RunCodeAsync(string, CancellationToken)"/>.</summary>
    public ScriptOutcome RunCode(string code, CancellationToken cancellationToken = default) =>
        RunCodeAsync(code, cancellationToken).GetAwaiter().GetResult();

    /// <summary>
    /// A new scope (IronPython's <c>engine.CreateScope()</c>). Values cross into Python as numbers,
    /// str and bool when they are .NET's primitive ones, None for null, and otherwise as the .NET
    /// object itself (scripts call its members; they come back unwrapped). Values coming back as
    /// <see cref="object"/>: None is null, bool, int (long or BigInteger), float (double), str,
    /// list/tuple (<c>List&lt;object?&gt;</c>) and dict (<c>Dictionary&lt;object, object?&gt;</c>).
    /// Scopes use pythonnet's conversions, so the first scope attaches it, as <c>import clr</c> does.
    /// </summary>
    public PythonScope CreateScope() => new(this, Call(interpreter => interpreter.CreateScope()));

    /// <summary>Runs statements in <paramref name="scope"/> (IronPython's <c>engine.Execute(code, scope)</c>).</summary>
    /// <exception cref="PythonScriptException">The code raised.</exception>
    public void Execute(string code, PythonScope scope) => ExecuteAsync(code, scope).GetAwaiter().GetResult();

    /// <summary>Runs statements in <paramref name="scope"/>; cancellation raises the host's cancellation exception in them.</summary>
    /// <exception cref="PythonScriptException">The code raised.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public Task ExecuteAsync(string code, PythonScope scope, CancellationToken cancellationToken = default) =>
        ExecuteAsync(code, scope, null, cancellationToken);

    /// <summary>Runs statements in <paramref name="scope"/> with their I/O captured by <paramref name="streams"/> (null: the options').</summary>
    public Task ExecuteAsync(string code, PythonScope scope, PythonStreams? streams, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(scope);
        return CallAsync(interpreter =>
        {
            using (Capture(interpreter, streams))
            {
                interpreter.Execute(scope.Inner, code);
            }

            return true;
        }, cancellationToken);
    }

    /// <summary>The run's streams (or the options'), redirected until disposed; null when there are none.</summary>
    private IDisposable? Capture(EmbeddedInterpreter interpreter, PythonStreams? streams)
    {
        PythonStreams? chosen = streams ?? _options.Streams;
        return chosen is null ? null : interpreter.RedirectStreams(chosen.Output, chosen.Error, chosen.Input);
    }

    /// <summary>Evaluates <paramref name="expression"/> in <paramref name="scope"/>, converted to <typeparamref name="T"/> (IronPython's <c>engine.Execute&lt;T&gt;</c>).</summary>
    public T Execute<T>(string expression, PythonScope scope) => ExecuteAsync<T>(expression, scope).GetAwaiter().GetResult();

    /// <summary>Evaluates <paramref name="expression"/> in <paramref name="scope"/>, converted to <typeparamref name="T"/>.</summary>
    public Task<T> ExecuteAsync<T>(string expression, PythonScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(scope);
        return CallAsync(interpreter => (T)interpreter.Evaluate(scope.Inner, expression, typeof(T))!, cancellationToken);
    }

    /// <summary>Compiles <paramref name="code"/> once, to run in any scope (IronPython's <c>source.Compile()</c>).</summary>
    /// <exception cref="PythonScriptException">A syntax error.</exception>
    public PythonCompiledCode Compile(string code, string fileName = "<string>")
    {
        ArgumentNullException.ThrowIfNull(code);
        return new(this, Call(interpreter => interpreter.Compile(code, fileName)));
    }

    /// <summary>Calls the callable <paramref name="name"/> of <paramref name="scope"/> with .NET arguments (IronPython's <c>engine.Operations.Invoke</c>).</summary>
    public T Invoke<T>(PythonScope scope, string name, params object?[] arguments) =>
        InvokeAsync<T>(scope, name, arguments).GetAwaiter().GetResult();

    /// <summary>Calls the callable <paramref name="name"/> of <paramref name="scope"/> with .NET arguments.</summary>
    public Task<T> InvokeAsync<T>(PythonScope scope, string name, object?[] arguments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(arguments);
        return CallAsync(interpreter => (T)interpreter.Invoke(scope.Inner, name, typeof(T), arguments)!, cancellationToken);
    }

    /// <summary>Runs <paramref name="call"/> on the interpreter thread and waits (directly, when already on it).</summary>
    internal T Call<T>(Func<EmbeddedInterpreter, T> call) => CallAsync(call, CancellationToken.None).GetAwaiter().GetResult();

    internal void Call(Action<EmbeddedInterpreter> call) => Call(interpreter =>
    {
        call(interpreter);
        return true;
    });

    /// <summary>
    /// Queues <paramref name="call"/> for the interpreter thread. Cancellation before it starts
    /// cancels the task; while it runs, raises the options' cancellation exception in Python, and
    /// the task ends as cancelled. A call made on the interpreter thread itself (from .NET code a
    /// script called) runs at once.
    /// </summary>
    internal Task<T> CallAsync<T>(Func<EmbeddedInterpreter, T> call, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Thread.CurrentThread == _thread)
        {
            return Task.FromResult(call(Interpreter));
        }

        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Add(() => result.TrySetCanceled(), interpreter =>
        {
            if (cancellationToken.IsCancellationRequested)
            {
                result.SetCanceled(cancellationToken);
                return;
            }

            interpreter.ClearInterrupt();
            _currentScript = "<scope>";
            using (cancellationToken.Register(() =>
            {
                SignalsMetrics.RecordCancellation(Name, "<scope>");
                interpreter.Interrupt(_options.CancellationException);
            }))
            {
                try
                {
                    result.SetResult(RunScript(() => call(interpreter)));
                }
                catch (PythonScriptException) when (cancellationToken.IsCancellationRequested)
                {
                    result.SetCanceled(cancellationToken);
                }
                catch (Exception e)
                {
                    result.SetException(e);
                }
                finally
                {
                    TakeDeferredDefaultAction(interpreter);
                }
            }
        });
        return result.Task;
    }

    internal void ReleaseScope(PythonScope scope)
    {
        if (!_disposed)
        {
            Call(interpreter => interpreter.DisposeScope(scope.Inner));
        }
    }

    /// <summary>Raises <paramref name="exceptionType"/> (default: the options') in the running script.</summary>
    public void Interrupt(string? exceptionType = null)
    {
        if (exceptionType is { Length: 0 })
        {
            throw new ArgumentException("an exception name (KeyboardInterrupt, module.Name), or null for the options'", nameof(exceptionType));
        }

        SignalsMetrics.RecordCancellation(Name, _currentScript ?? "<none>");
        Interpreter.Interrupt(exceptionType ?? _options.CancellationException);
    }

    /// <summary>
    /// Delivers <paramref name="signum"/> to the script's Python handler for it, without the OS
    /// (nothing happens when the script has SIG_DFL or SIG_IGN for it): the app's own way to signal
    /// the script, whatever the process's dispositions.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="signum"/> is not a signal number.</exception>
    public void Raise(int signum) => Interpreter.Raise(signum);

    /// <summary>
    /// Stops the host: work queued but not started is cancelled; a running script is interrupted with
    /// the options' cancellation exception, again with <c>SystemExit</c> after half of
    /// <see cref="PythonHostOptions.DisposeTimeout"/>; then CPython is finalised and every signal's
    /// action given back. A script that ignores both and is still running when the timeout has
    /// passed is left running on its (background) thread: the failure is logged, and no other host can
    /// start in this process. Use <see cref="DisposeAsync(TimeSpan)"/> to get that failure as an exception.
    /// </summary>
    public void Dispose()
    {
        try
        {
            DisposeAsync(_options.DisposeTimeout).AsTask().GetAwaiter().GetResult();
        }
        catch (TimeoutException e)
        {
            _options.Logger?.LogError(e, "The host {Host} could not stop its script", Name);
        }
    }

    /// <summary>Stops the host as <see cref="Dispose"/> does, waiting <see cref="PythonHostOptions.DisposeTimeout"/> at most.</summary>
    /// <exception cref="TimeoutException">The script was still running when the timeout had passed.</exception>
    public ValueTask DisposeAsync() => DisposeAsync(_options.DisposeTimeout);

    /// <summary>Stops the host as <see cref="Dispose"/> does, waiting <paramref name="timeout"/> at most.</summary>
    /// <exception cref="TimeoutException">The script was still running when <paramref name="timeout"/> had passed.</exception>
    /// <exception cref="InvalidOperationException">Called from the interpreter thread (by .NET code a script called).</exception>
    public async ValueTask DisposeAsync(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        if (Thread.CurrentThread == _thread)
        {
            throw new InvalidOperationException("a script cannot dispose the host it runs in");
        }

        if (_disposed)
        {
            await _ended.Task.ConfigureAwait(false);
            return;
        }

        _disposed = true;
        _stopping = true;
        _work.CompleteAdding();
        TimeSpan half = timeout / 2;
        InterruptForStop(_options.CancellationException);
        if (!await EndedWithin(half).ConfigureAwait(false))
        {
            InterruptForStop("SystemExit");
            if (!await EndedWithin(timeout - half).ConfigureAwait(false))
            {
                throw new TimeoutException(
                    $"the script of host {Name} did not stop within {timeout.TotalSeconds:0.###} s of Dispose (interrupted with "
                    + $"{_options.CancellationException}, then SystemExit); it is left running, and no other host can start in this process");
            }
        }

        // The loop has ended; its thread only has to return. Wait for that (briefly), so Dispose
        // leaves no thread of the host behind (counted by the Start/Dispose cycle test).
        _thread.Join(TimeSpan.FromSeconds(1));
        _work.Dispose();
        Volatile.Write(ref s_alive, 0);
    }

    /// <summary>Interrupts the running item, if one runs (the interpreter may be finishing meanwhile).</summary>
    private void InterruptForStop(string exceptionType)
    {
        if (Volatile.Read(ref _running) == 0 || _interpreter is not EmbeddedInterpreter interpreter)
        {
            return;
        }

        try
        {
            SignalsMetrics.RecordCancellation(Name, _currentScript ?? "<none>");
            interpreter.Interrupt(exceptionType);
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException or Signals.Core.SignalSystemException)
        {
            // The item ended and the interpreter is shutting down: nothing left to interrupt.
        }
    }

    private async Task<bool> EndedWithin(TimeSpan wait)
    {
        try
        {
            await _ended.Task.WaitAsync(wait).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Queues <paramref name="run"/>; <paramref name="cancel"/> instead when Dispose began before it started.</summary>
    private void Add(Action cancel, Action<EmbeddedInterpreter> run) => _work.Add(interpreter =>
    {
        if (_stopping)
        {
            cancel();
            return;
        }

        run(interpreter);
    });

    private EmbeddedInterpreter Interpreter => _interpreter ?? throw new InvalidOperationException("the host is not running");

    private Task<ScriptOutcome> Submit(Func<EmbeddedInterpreter, ScriptResult> run, string script, PythonStreams? streams, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var outcome = new TaskCompletionSource<ScriptOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        Add(() => outcome.TrySetCanceled(), interpreter =>
        {
            if (cancellationToken.IsCancellationRequested && _options.ThrowOnCancellation)
            {
                outcome.SetCanceled(cancellationToken);
                return;
            }

            interpreter.ClearInterrupt();
            if (!_options.KeepSignalStateBetweenRuns)
            {
                interpreter.DiscardPendingSignals();
            }

            _currentScript = script;
            bool cancelled = false;
            using (cancellationToken.Register(() =>
            {
                cancelled = true;
                SignalsMetrics.RecordCancellation(Name, script);
                interpreter.Interrupt(_options.CancellationException);
            }))
            {
                try
                {
                    ScriptResult result;
                    try
                    {
                        using (Capture(interpreter, streams))
                        {
                            result = RunScript(() => run(interpreter));
                        }
                    }
                    finally
                    {
                        TakeDeferredDefaultAction(interpreter);
                        // Before the outcome is published: the app's continuation sees the reset state.
                        ResetSignalState(interpreter);
                    }

                    bool byCancellation = Volatile.Read(ref cancelled) && result.ExceptionType == TracebackName(_options.CancellationException);
                    if (byCancellation && _options.ThrowOnCancellation)
                    {
                        outcome.SetCanceled(cancellationToken);
                    }
                    else
                    {
                        outcome.SetResult(new ScriptOutcome(result.ExitCode, result.ExceptionType, result.Traceback, byCancellation));
                    }
                }
                catch (Exception e)
                {
                    outcome.SetException(e);
                }
            }
        });
        return outcome.Task;
    }

    /// <summary>Runs a script's code, marked as running (what Dispose interrupts) until it returns.</summary>
    private T RunScript<T>(Func<T> run)
    {
        Volatile.Write(ref _running, 1);
        try
        {
            return run();
        }
        finally
        {
            lock (_defaultActionGate)
            {
                Volatile.Write(ref _running, 0);
            }
        }
    }

    /// <summary>
    /// The .NET runtime asks for <paramref name="signum"/>'s default action: none of the app's
    /// subscribers cancelled the signal, whose Python handler the core tripped first. While a script
    /// runs, the action waits for the run to end, so that the script's handler and the except and
    /// finally blocks around it run first, but no longer than <see cref="PythonHostOptions.DisposeTimeout"/>.
    /// Between runs it is taken at once, as in a plain .NET app. Runs on the runtime's signal thread.
    /// </summary>
    private bool DeferDefaultAction(int signum)
    {
        lock (_defaultActionGate)
        {
            if (Volatile.Read(ref _running) == 0)
            {
                return false;
            }

            if (_deferredDefaultAction == 0)
            {
                _deferredDefaultAction = signum;
                _ = Task.Delay(_options.DisposeTimeout).ContinueWith(_ => SignalCore.TakeDefaultAction(signum), TaskScheduler.Default);
            }

            return true;
        }
    }

    /// <summary>After a run: a default action deferred during it (<see cref="DeferDefaultAction"/>) is taken now, the script's output flushed first.</summary>
    private void TakeDeferredDefaultAction(EmbeddedInterpreter interpreter)
    {
        int signum = Volatile.Read(ref _deferredDefaultAction);
        if (signum == 0)
        {
            return;
        }

        try
        {
            interpreter.Run("import sys\nfor stream in (sys.stdout, sys.stderr):\n    try:\n        stream.flush()\n    except Exception:\n        pass\n");
        }
        finally
        {
            SignalCore.TakeDefaultAction(signum);
        }
    }

    /// <summary>Back to the start-up signal state after a run (see <see cref="PythonHostOptions.KeepSignalStateBetweenRuns"/>).</summary>
    private void ResetSignalState(EmbeddedInterpreter interpreter)
    {
        if (_options.KeepSignalStateBetweenRuns)
        {
            return;
        }

        try
        {
            interpreter.ResetSignalState();
        }
        catch (Exception e) when (e is PendingPythonException or InvalidOperationException)
        {
            _options.Logger?.LogError(e, "The host {Host} could not reset the signal state after a run", Name);
        }
    }

    /// <summary>The options' policy, with each denial logged.</summary>
    private sealed class LoggedPolicy(SignalPolicy policy, ILogger? logger) : ISignalPolicy
    {
        public string? Deny(int signum, HandlerKind kind)
        {
            string? denial = policy.Denial(signum, toDefault: kind == HandlerKind.Default);
            if (denial is not null)
            {
                logger?.LogWarning("A script's signal.signal({Signal}, ...) was denied: {Denial}", signum, denial);
            }

            return denial;
        }
    }

    /// <summary>An exception name as <see cref="ScriptOutcome.ExceptionType"/> shows it (no <c>builtins.</c> or <c>__main__.</c>).</summary>
    private static string TracebackName(string dotted) =>
        dotted.StartsWith("builtins.", StringComparison.Ordinal) ? dotted["builtins.".Length..]
        : dotted.StartsWith("__main__.", StringComparison.Ordinal) ? dotted["__main__.".Length..]
        : dotted;

    private void Loop()
    {
        try
        {
            _interpreter = EmbeddedInterpreter.StartWithLibrary(_options.Interpreter ?? _options.LibraryPath, [.. _options.Arguments]);
            _interpreter.EnableInterrupts(SignalPolicy.CancellationSignal);
            _interpreter.SignalPolicy = new LoggedPolicy(_options.SignalPolicy, _options.Logger);
            _interpreter.RecordSignalBaseline();
            SignalsMetrics.Register(Name);
        }
        catch (Exception e)
        {
            _options.Logger?.LogError(e, "CPython could not start");
            try
            {
                _interpreter?.Dispose();
            }
            catch (Exception finalising)
            {
                _options.Logger?.LogError(finalising, "CPython could not be finalised after a failed start");
            }

            _interpreter = null;
            _ended.SetResult();
            _started.SetException(e);
            return;
        }

        SignalCore.SetDefaultActionDeferral(DeferDefaultAction);
        _started.SetResult();
        foreach (Action<EmbeddedInterpreter> item in _work.GetConsumingEnumerable())
        {
            item(_interpreter);
            _currentScript = null;
        }

        SignalCore.SetDefaultActionDeferral(null);
        _interpreter.Dispose();
        _interpreter = null;
        _ended.SetResult();
    }
}
