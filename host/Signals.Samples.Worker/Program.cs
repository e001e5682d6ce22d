using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Signals.Engine.CPython;
using Signals.Hosting;
using Signals.Samples.Worker;

// Usage: Signals.Samples.Worker [--timeout SECONDS] | --callback SECONDS
// Runs worker.py until it ends, the timeout cancels it (TimeoutError), or SIGTERM / Ctrl+C stops the
// app: the script's own handler runs first, then the host stops. The exit code is the script's.
// --callback: hands an OrderBook to callback.py in a scope; the script calls back into it until the
// timeout cancels it; the app then reads what the script did, from its own object.
if (args.Length == 2 && args[0] == "--callback")
{
    return await RunCallbackSample(TimeSpan.FromSeconds(double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture)));
}

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

static async Task<int> RunCallbackSample(TimeSpan timeout)
{
    using PythonScriptHost python = PythonScriptHost.Start(new PythonHostOptions { CancellationException = "TimeoutError" });
    using PythonScope scope = python.CreateScope();
    var orders = new OrderBook();
    scope.SetVariable("orders", orders);
    using var deadline = new CancellationTokenSource(timeout);
    string script = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "callback.py"));
    try
    {
        await python.ExecuteAsync(script, scope, deadline.Token);
        Console.WriteLine("app: the script finished every order");
    }
    catch (OperationCanceledException)
    {
        Console.WriteLine($"app: timed out after {timeout.TotalSeconds:0.#} s");
    }
    catch (PythonScriptException e)
    {
        Console.Error.WriteLine(e.PythonTraceback);
        return 1;
    }

    Console.WriteLine($"app: {orders.Done.Count} orders completed by the script, {orders.Pending} left; first: {orders.Done.FirstOrDefault()}");
    return 0;
}
