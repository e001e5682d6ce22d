using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Signals.Engine.CPython;

namespace Signals.Hosting;

/// <summary>
/// Runs scripts in worker processes, for apps that outgrow one interpreter in one process: a script
/// that crashes (a segfault in a C extension), calls <c>os._exit</c> or loops forever harms neither
/// the app nor the other workers. The same shape as <see cref="PythonScriptHost"/>: run code or a
/// file, cancel with a token, a per-run timeout, captured output, the exit status, and death by
/// signal reported as such. Cancellation goes to the worker as SIGINT (KeyboardInterrupt), then
/// SIGTERM, then SIGKILL after the configured grace periods. Up to <see cref="PythonWorkerPoolOptions.Size"/>
/// workers run at once; each is replaced after <see cref="PythonWorkerPoolOptions.RunsPerWorker"/>
/// runs or when it ends. Each run gets a fresh <c>__main__</c> and the start-up signal state.
/// </summary>
public sealed partial class PythonWorkerPool : IDisposable, IAsyncDisposable
{
    private static int s_pools;
    private readonly PythonWorkerPoolOptions _options;
    private readonly string _executable;
    private readonly string _bootstrap;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentQueue<Worker> _idle = new();
    private readonly ConcurrentDictionary<Worker, bool> _all = new();
    private volatile bool _disposed;

    private PythonWorkerPool(PythonWorkerPoolOptions options, string executable, string bootstrap)
    {
        _options = options;
        _executable = executable;
        _bootstrap = bootstrap;
        _slots = new SemaphoreSlim(options.Size, options.Size);
        Name = options.Name ?? $"python-workers-{Interlocked.Increment(ref s_pools)}";
    }

    /// <summary>The pool's name: the <c>pool</c> tag of its measurements.</summary>
    public string Name { get; }

    /// <summary>Makes a pool; workers start on demand, up to the options' size.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size, run count, grace period or limit that is not positive.</exception>
    /// <exception cref="FileNotFoundException">No interpreter to run workers with.</exception>
    public static PythonWorkerPool Start(PythonWorkerPoolOptions? options = null)
    {
        options ??= new PythonWorkerPoolOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Size, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RunsPerWorker, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.InterruptGrace, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.TerminateGrace, TimeSpan.Zero, nameof(options));
        if (options.Timeout is TimeSpan timeout)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero, nameof(options));
        }

        if (options.CpuSecondsPerRun is int cpu)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(cpu, 1, nameof(options));
        }

        if (options.AddressSpaceBytes is long bytes)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(bytes, 1, nameof(options));
        }

        string executable = options.Executable ?? (File.Exists("/usr/bin/python3.11") ? "/usr/bin/python3.11" : "python3");
        if (executable.Contains('/') && !File.Exists(executable))
        {
            throw new FileNotFoundException("the worker interpreter does not exist", executable);
        }

        using Stream resource = typeof(PythonWorkerPool).Assembly.GetManifestResourceStream("Signals.Hosting.worker_main.py")
            ?? throw new InvalidOperationException("the worker script is missing from Signals.Hosting");
        using var reader = new StreamReader(resource);
        string bootstrap = EmbeddedInterpreter.SignalBaselineCode + "\n" + reader.ReadToEnd();
        return new PythonWorkerPool(options, executable, bootstrap);
    }

    /// <summary>Runs <paramref name="code"/> as <c>__main__</c> in a worker.</summary>
    public Task<WorkerOutcome> RunCodeAsync(string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        return RunAsync(code, "<script>", cancellationToken);
    }

    /// <summary>Runs the file at <paramref name="path"/> as <c>__main__</c> in a worker.</summary>
    /// <remarks>A file that cannot be read faults the returned task (<see cref="IOException"/>, ...).</remarks>
    public async Task<WorkerOutcome> RunFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string code = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return await RunAsync(code, Path.GetFullPath(path), cancellationToken).ConfigureAwait(false);
    }

    private async Task<WorkerOutcome> RunAsync(string code, string fileName, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        Worker? worker = null;
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_idle.TryDequeue(out worker))
            {
                worker = StartWorker();
            }

            using var timeout = new CancellationTokenSource();
            if (_options.Timeout is TimeSpan limit)
            {
                timeout.CancelAfter(limit);
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            WorkerOutcome outcome = await worker.RunAsync(code, fileName, _options.CpuSecondsPerRun, linked.Token, () => timeout.IsCancellationRequested)
                .ConfigureAwait(false);
            SignalsMetrics.RecordWorkerRun(Name, outcome.WorkerEnded);
            if (!outcome.WorkerEnded && worker.Runs < _options.RunsPerWorker && !_disposed)
            {
                _idle.Enqueue(worker);
                worker = null;
            }

            return outcome;
        }
        finally
        {
            if (worker is not null)
            {
                _all.TryRemove(worker, out _);
                worker.Dispose();
            }

            _slots.Release();
        }
    }

    private Worker StartWorker()
    {
        var start = new ProcessStartInfo(_executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(_bootstrap);
        start.ArgumentList.Add(_options.AddressSpaceBytes?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
        start.Environment["PYTHONUNBUFFERED"] = "1";
        var worker = new Worker(Process.Start(start) ?? throw new InvalidOperationException($"cannot start {_executable}"), _options);
        _all[worker] = true;
        SignalsMetrics.RecordWorkerStarted(Name);
        return worker;
    }

    /// <summary>Ends every worker (SIGKILL for one still running a script) and refuses further runs.</summary>
    public void Dispose()
    {
        _disposed = true;
        foreach (Worker worker in _all.Keys)
        {
            worker.Dispose();
        }

        _all.Clear();
        while (_idle.TryDequeue(out _))
        {
        }
    }

    /// <summary>Ends every worker (cancelling their runs as <see cref="Dispose"/> does) and waits for them.</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>One worker process and its protocol (see worker_main.py).</summary>
    private sealed class Worker : IDisposable
    {
        private readonly Process process;
        private readonly PythonWorkerPoolOptions options;
        /// <summary>What the process wrote to its stderr during the current run.</summary>
        private readonly StringBuilder _stderr = new();
        private volatile bool _cancelRequested;

        public Worker(Process process, PythonWorkerPoolOptions options)
        {
            this.process = process;
            this.options = options;
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    lock (_stderr)
                    {
                        _stderr.Append(e.Data).Append('\n');
                    }
                }
            };
            process.BeginErrorReadLine();
        }

        public int Runs { get; private set; }

        public async Task<WorkerOutcome> RunAsync(string code, string fileName, int? cpuSeconds, CancellationToken cancellationToken, Func<bool> timedOut)
        {
            Runs++;
            _cancelRequested = false;
            lock (_stderr)
            {
                _stderr.Clear();
            }

            string request = JsonSerializer.Serialize(new Request(code, fileName, cpuSeconds), RequestContext.Default.Request);
            Task<string?> reading;
            try
            {
                await process.StandardInput.WriteLineAsync(request).ConfigureAwait(false);
                await process.StandardInput.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                reading = process.StandardOutput.ReadLineAsync(CancellationToken.None).AsTask();
            }
            catch (IOException)
            {
                reading = Task.FromResult<string?>(null); // the worker had ended
            }

            string? line;
            using (cancellationToken.Register(() => _ = EscalateAsync(reading)))
            {
                line = await reading.ConfigureAwait(false);
            }

            if (line is null)
            {
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                int status = process.ExitCode;
                int? signal = status > 128 ? status - 128 : null;
                return new WorkerOutcome(status, null, null, string.Empty, Errors(), _cancelRequested, _cancelRequested && timedOut(), signal, workerEnded: true);
            }

            Reply reply = JsonSerializer.Deserialize(line, RequestContext.Default.Reply)
                ?? throw new InvalidDataException("the worker sent an empty reply");
            bool cancelled = _cancelRequested && reply.Type == "KeyboardInterrupt";
            return new WorkerOutcome(reply.Exit, reply.Type, reply.Traceback, reply.Stdout ?? string.Empty, (reply.Stderr ?? string.Empty) + Errors(),
                cancelled, cancelled && timedOut(), null, workerEnded: false);
        }

        private string Errors()
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }

        /// <summary>SIGINT; SIGTERM after the interrupt grace; SIGKILL after the terminate grace.</summary>
        private async Task EscalateAsync(Task reading)
        {
            _cancelRequested = true;
            if (!Send(2 /* SIGINT */) || await Ended(reading, options.InterruptGrace).ConfigureAwait(false))
            {
                return;
            }

            if (!Send(15 /* SIGTERM */) || await Ended(reading, options.TerminateGrace).ConfigureAwait(false))
            {
                return;
            }

            try
            {
                process.Kill();
            }
            catch (InvalidOperationException)
            {
                // Ended meanwhile.
            }
        }

        private bool Send(int signum)
        {
            try
            {
                return !process.HasExited && Signals.Core.SignalCore.SendTo(process.Id, signum);
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }

        private static async Task<bool> Ended(Task reading, TimeSpan grace)
        {
            await Task.WhenAny(reading, Task.Delay(grace)).ConfigureAwait(false);
            return reading.IsCompleted;
        }

        public void Dispose()
        {
            try
            {
                if (!process.HasExited)
                {
                    process.StandardInput.Close(); // the worker's loop ends at end of input
                    if (!process.WaitForExit(TimeSpan.FromMilliseconds(500)))
                    {
                        process.Kill();
                        process.WaitForExit();
                    }
                }
            }
            catch (Exception e) when (e is InvalidOperationException or IOException)
            {
                // Ended meanwhile.
            }

            process.Dispose();
        }
    }

    private sealed record Request(
        [property: JsonPropertyName("code")] string Code,
        [property: JsonPropertyName("filename")] string FileName,
        [property: JsonPropertyName("cpu_seconds")] int? CpuSeconds);

    private sealed record Reply(
        [property: JsonPropertyName("exit")] int Exit,
        [property: JsonPropertyName("type")] string? Type,
        [property: JsonPropertyName("traceback")] string? Traceback,
        [property: JsonPropertyName("stdout")] string? Stdout,
        [property: JsonPropertyName("stderr")] string? Stderr);

    [JsonSerializable(typeof(Request))]
    [JsonSerializable(typeof(Reply))]
    private sealed partial class RequestContext : JsonSerializerContext;
}
