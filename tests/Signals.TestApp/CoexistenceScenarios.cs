using System.Diagnostics;
using System.Runtime.InteropServices;
using Signals.Engine.CPython;

namespace Signals.TestApp;

/// <summary>The .NET runtime's own signal users keep working while Python handlers are installed.</summary>
internal static class CoexistenceScenarios
{
    /// <summary>Waits (in Python, on the main thread) until the Python handler for <c>signum</c> ran.</summary>
    public static string PythonWaitsForHandler(string signal) => $$"""
        import signal, sys, time
        ran = []
        signal.signal(signal.{{signal}}, lambda signum, frame: ran.append(signum))
        print('ready', flush=True)
        deadline = time.monotonic() + 20
        while not ran and time.monotonic() < deadline:
            time.sleep(0.01)
        # One write for the whole line: .NET's handler writes to the same stdout at about this time.
        sys.stdout.write(('python handler ran' if ran else 'python handler did not run') + '\n')
        sys.stdout.flush()
        """;

    public static int CancelKeyPressAndPythonHandler()
    {
        using var dotnetRan = new ManualResetEventSlim();
        RegisterCancelKeyPress(dotnetRan);
        return RunWithPython("SIGINT", dotnetRan);
    }

    /// <summary>A CancelKeyPress handler that keeps the app alive and reports that it ran.</summary>
    public static void RegisterCancelKeyPress(ManualResetEventSlim ran) =>
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            Program.Say("dotnet CancelKeyPress ran");
            ran.Set();
        };

    public static int PosixSignalRegistrationAndPythonHandler()
    {
        using var dotnetRan = new ManualResetEventSlim();
        using PosixSignalRegistration registration = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            Program.Say("dotnet PosixSignalRegistration ran");
            dotnetRan.Set();
        });
        return RunWithPython("SIGTERM", dotnetRan);
    }

    private static int RunWithPython(string signal, ManualResetEventSlim dotnetRan)
    {
        using EmbeddedInterpreter python = EmbeddedInterpreter.Start("coexistence");
        bool ran = python.Run(PythonWaitsForHandler(signal));
        bool dotnet = dotnetRan.Wait(TimeSpan.FromSeconds(20));
        Program.Say(dotnet ? "dotnet handler seen" : "dotnet handler not seen");
        return ran && dotnet ? 0 : 1;
    }

    /// <summary>
    /// Process.WaitForExit returns with the child's status while the script has a SIGCHLD handler,
    /// whichever came first: the script's handler, or .NET's SIGCHLD handling.
    /// </summary>
    public static int ProcessWaitForExitWithPythonSigchldHandler()
    {
        using EmbeddedInterpreter python = EmbeddedInterpreter.Start("coexistence");
        bool ok = python.Run("""
            import signal
            children = []
            signal.signal(signal.SIGCHLD, lambda signum, frame: children.append(signum))
            """);
        ok &= StartAndWait(7);
        ok &= python.Run("print('python handler ran after dotnet child:', bool(children), flush=True)");

        // The other order: .NET's handler is now in place; the script installs its handler again.
        ok &= python.Run("""
            children.clear()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            signal.signal(signal.SIGCHLD, lambda signum, frame: children.append(signum))
            import subprocess
            print('python subprocess exit:', subprocess.run(['/bin/sh', '-c', 'exit 3']).returncode, flush=True)
            """);
        ok &= StartAndWait(9);
        ok &= python.Run("print('python handler ran after both children:', bool(children), flush=True)");
        return ok ? 0 : 1;
    }

    private static bool StartAndWait(int status)
    {
        using Process child = Process.Start("/bin/sh", ["-c", $"sleep 0.2; exit {status}"]);
        bool exited = child.WaitForExit(TimeSpan.FromSeconds(20));
        Program.Say(exited ? $"dotnet child exit: {child.ExitCode}" : "dotnet child: WaitForExit timed out");
        return exited;
    }
}
