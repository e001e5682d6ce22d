using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
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
/// One host per process; disposing it finalises CPython and restores every signal disposition.
/// </summary>
public sealed class PythonScriptHost : IDisposable
{
    private readonly PythonHostOptions _options;
    private readonly BlockingCollection<Action<EmbeddedInterpreter>> _work = [];
    private readonly Thread _thread;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    /// <summary>1 while a host of this process is between <see cref="Start"/> and the end of <see cref="Dispose"/>.</summary>
    private static int s_alive;

    private EmbeddedInterpreter? _interpreter;
    private bool _disposed;

    private PythonScriptHost(PythonHostOptions options)
    {
        _options = options;
        _thread = new Thread(Loop, maxStackSize: 16 * 1024 * 1024) { Name = "Python main thread", IsBackground = true };
    }

    /// <summary>Starts CPython on a new interpreter thread; returns once it is ready.</summary>
    /// <exception cref="InvalidOperationException">Another host of this process is running: CPython's signal state is per process, so one interpreter runs at a time (dispose it first).</exception>
    public static PythonScriptHost Start(PythonHostOptions? options = null)
    {
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
        return Submit(interpreter => interpreter.Execute(code), streams, cancellationToken);
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

        return Submit(interpreter => interpreter.Execute(code, Path.GetFullPath(path)), null, cancellationToken);
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
        _work.Add(interpreter =>
        {
            if (cancellationToken.IsCancellationRequested)
            {
                result.SetCanceled(cancellationToken);
                return;
            }

            interpreter.ClearInterrupt();
            using (cancellationToken.Register(() =>
            {
                SignalsMetrics.RecordCancellation();
                interpreter.Interrupt(_options.CancellationException);
            }))
            {
                try
                {
                    result.SetResult(call(interpreter));
                }
                catch (PythonScriptException) when (cancellationToken.IsCancellationRequested)
                {
                    result.SetCanceled(cancellationToken);
                }
                catch (Exception e)
                {
                    result.SetException(e);
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
        SignalsMetrics.RecordCancellation();
        Interpreter.Interrupt(exceptionType ?? _options.CancellationException);
    }

    /// <summary>
    /// Delivers <paramref name="signum"/> to the script's Python handler for it, without the OS
    /// (nothing happens when the script has SIG_DFL or SIG_IGN for it): the app's own way to signal
    /// the script, whatever the process's dispositions.
    /// </summary>
    public void Raise(int signum) => Interpreter.Raise(signum);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _work.CompleteAdding();
        _thread.Join();
        _work.Dispose();
        Volatile.Write(ref s_alive, 0);
    }

    private EmbeddedInterpreter Interpreter => _interpreter ?? throw new InvalidOperationException("the host is not running");

    private Task<ScriptOutcome> Submit(Func<EmbeddedInterpreter, ScriptResult> run, PythonStreams? streams, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var outcome = new TaskCompletionSource<ScriptOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(interpreter =>
        {
            interpreter.ClearInterrupt();
            bool cancelled = false;
            using (cancellationToken.Register(() =>
            {
                cancelled = true;
                SignalsMetrics.RecordCancellation();
                interpreter.Interrupt(_options.CancellationException);
            }))
            {
                try
                {
                    ScriptResult result;
                    using (Capture(interpreter, streams))
                    {
                        result = run(interpreter);
                    }

                    bool byCancellation = Volatile.Read(ref cancelled) && result.ExceptionType == LastName(_options.CancellationException);
                    outcome.SetResult(new ScriptOutcome(result.ExitCode, result.ExceptionType, result.Traceback, byCancellation));
                }
                catch (Exception e)
                {
                    outcome.SetException(e);
                }
            }
        });
        return outcome.Task;
    }

    /// <summary>The options' policy, with each denial logged.</summary>
    private sealed class LoggedPolicy(SignalPolicy policy, ILogger? logger) : ISignalPolicy
    {
        public string? Deny(int signum, HandlerKind kind)
        {
            string? denial = policy.Deny(signum, kind);
            if (denial is not null)
            {
                logger?.LogWarning("A script's signal.signal({Signal}, ...) was denied: {Denial}", signum, denial);
            }

            return denial;
        }
    }

    private static string LastName(string dotted) => dotted[(dotted.LastIndexOf('.') + 1)..];

    private void Loop()
    {
        try
        {
            _interpreter = EmbeddedInterpreter.StartWithLibrary(_options.Interpreter ?? _options.LibraryPath, [.. _options.Arguments]);
            _interpreter.EnableInterrupts(SignalPolicy.CancellationSignal);
            _interpreter.SignalPolicy = new LoggedPolicy(_options.SignalPolicy, _options.Logger);
            SignalsMetrics.Register();
        }
        catch (Exception e)
        {
            _options.Logger?.LogError(e, "CPython could not start");
            _started.SetException(e);
            return;
        }

        _started.SetResult();
        foreach (Action<EmbeddedInterpreter> item in _work.GetConsumingEnumerable())
        {
            item(_interpreter);
        }

        _interpreter.Dispose();
        _interpreter = null;
    }
}
