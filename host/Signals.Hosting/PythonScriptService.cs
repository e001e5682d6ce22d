using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Signals.Hosting;

/// <summary>
/// A hosted service (Microsoft.Extensions.Hosting) that runs one Python script for the life of the
/// application. When the application stops (SIGTERM or Ctrl+C through the Generic Host's console
/// lifetime, or <c>StopApplication</c>), the script's own SIGTERM/SIGINT handler runs first (the
/// signal reaches it before .NET's shutdown starts); the service then gives the script
/// <see cref="PythonScriptServiceOptions.ShutdownGrace"/> to end by itself before interrupting it.
/// When the script ends, the application stops, and the process's exit code is the script's.
/// </summary>
public sealed class PythonScriptService : BackgroundService
{
    private readonly PythonScriptServiceOptions _options;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<PythonScriptService> _logger;

    /// <summary>The service for <paramref name="options"/>' script; the Generic Host supplies the lifetime and the logger.</summary>
    public PythonScriptService(PythonScriptServiceOptions options, IHostApplicationLifetime lifetime, ILogger<PythonScriptService> logger)
    {
        _options = options;
        _lifetime = lifetime;
        _logger = logger;
    }

    /// <summary>Runs the script until it ends or the application stops (see the class summary).</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using PythonScriptHost host = PythonScriptHost.Start(new PythonHostOptions
        {
            Interpreter = _options.Host.Interpreter,
            LibraryPath = _options.Host.LibraryPath,
            Arguments = _options.Host.Arguments.Count > 0 ? _options.Host.Arguments : [_options.ScriptPath],
            SignalPolicy = _options.Host.SignalPolicy,
            CancellationException = _options.Host.CancellationException,
            Logger = _options.Host.Logger ?? _logger,
            Name = _options.Host.Name,
            Streams = _options.Host.Streams,
            DisposeTimeout = _options.Host.DisposeTimeout,
        });

        // Stopping: a grace period for the script's own handler, then cancellation.
        using var cancellation = new CancellationTokenSource();
        using CancellationTokenRegistration stopping = stoppingToken.Register(() => cancellation.CancelAfter(_options.ShutdownGrace));
        if (_options.Timeout is TimeSpan timeout)
        {
            cancellation.CancelAfter(timeout);
        }

        ScriptOutcome outcome = await host.RunFileAsync(_options.ScriptPath, cancellation.Token).ConfigureAwait(false);
        Environment.ExitCode = outcome.ExitCode;
        if (outcome.ExceptionType is not null)
        {
            _logger.LogError("The script {Script} ended with {Exception}{Cancelled}:\n{Traceback}", _options.ScriptPath,
                outcome.ExceptionType, outcome.Cancelled ? " (cancelled)" : string.Empty, outcome.Traceback);
        }
        else
        {
            _logger.LogInformation("The script {Script} ended with exit code {ExitCode}", _options.ScriptPath, outcome.ExitCode);
        }

        _lifetime.StopApplication();
    }
}
