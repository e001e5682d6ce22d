using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Signals.Hosting;

// Usage: Signals.Samples.Worker [--timeout SECONDS]
// Runs worker.py until it ends, the timeout cancels it (TimeoutError), or SIGTERM / Ctrl+C stops the
// app: the script's own handler runs first, then the host stops. The exit code is the script's.
TimeSpan? timeout = args.Length == 2 && args[0] == "--timeout"
    ? TimeSpan.FromSeconds(double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture))
    : null;

HostApplicationBuilder builder = Host.CreateApplicationBuilder();
// The app's log goes to stderr; stdout is the script's.
builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Services.AddPythonScript(new PythonScriptServiceOptions(Path.Combine(AppContext.BaseDirectory, "worker.py"))
{
    Timeout = timeout,
    Host = new PythonHostOptions { CancellationException = "TimeoutError" },
});
await builder.Build().RunAsync();
return Environment.ExitCode;
