// The package stage's consumer (tests/package/run): copied into a fresh `dotnet new console` app that
// references Signals.IronPython.Hosting from the local feed only, and built without a C compiler on
// PATH. Each argument is one behaviour the README documents; the stage reads what it prints.
using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Signals.Hosting;

switch (args[0])
{
    case "run":
    {
        using PythonScriptHost host = PythonScriptHost.Start();
        ScriptOutcome outcome = await host.RunCodeAsync("import sys\nprint('hello from CPython', sys.version_info[:2], flush=True)");
        Console.WriteLine($"run: {outcome}");
        return outcome.ExitCode;
    }

    case "cancel":
    {
        using PythonScriptHost host = PythonScriptHost.Start();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        ScriptOutcome outcome = await host.RunCodeAsync("import time\ntime.sleep(30)", cancellation.Token);
        Console.WriteLine($"cancel: {outcome}, cancelled {outcome.Cancelled}");
        return 0;
    }

    case "generic-host":
    {
        // SIGTERM from the stage: the script's own handler runs, then the app stops with the script's status.
        string script = Path.Combine(AppContext.BaseDirectory, "worker.py");
        File.WriteAllText(script, """
            import signal, sys, time
            def stop(signum, frame):
                print('worker: SIGTERM handled by the script', flush=True)
                sys.exit(3)
            signal.signal(signal.SIGTERM, stop)
            print('ready', flush=True)
            while True:
                time.sleep(0.05)
            """);
        using IHost app = Host.CreateDefaultBuilder(args).ConfigureServices(services => services.AddPythonScript(new PythonScriptServiceOptions(script))).Build();
        await app.RunAsync();
        Console.WriteLine($"generic-host: stopped, exit code {Environment.ExitCode}");
        return Environment.ExitCode;
    }

    case "sigwait":
    {
        PythonScriptHost.EnsureThreadGuard();
        using PythonScriptHost host = PythonScriptHost.Start();
        ScriptOutcome outcome = await host.RunCodeAsync("""
            import os, signal
            signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])
            os.kill(os.getpid(), signal.SIGUSR1)
            print('sigwait: pending', sorted(signal.sigpending()), 'waited', signal.sigwait([signal.SIGUSR1]), flush=True)
            """);
        Console.WriteLine($"sigwait: {outcome}");
        return outcome.ExitCode;
    }

    default:
        Console.Error.WriteLine($"unknown scenario {args[0]}");
        return 2;
}
