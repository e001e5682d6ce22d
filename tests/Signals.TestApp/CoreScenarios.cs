using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Signals.Core;

namespace Signals.TestApp;

/// <summary>The native-signal core on its own (no interpreter), with real signals sent to this process.</summary>
internal static class CoreScenarios
{
    private const int SigUsr1 = 10;
    private const int SigUsr2 = 12;
    private const int SigAlrm = 14;
    private const int SigPipe = 13;
    private const int SigInt = 2;

    /// <summary>
    /// A .NET PosixSignalRegistration keeps firing while the core's handler is installed in front
    /// of it, and gets the signal alone again once the core lets go.
    /// </summary>
    public static int HandlerChainsToRuntimeAndRestoresIt()
    {
        int dotnetCalls = 0;
        using PosixSignalRegistration registration = PosixSignalRegistration.Create((PosixSignal)SigUsr1, context =>
        {
            context.Cancel = true;
            Interlocked.Increment(ref dotnetCalls);
        });

        SignalCore.InstallPythonHandler(SigUsr1);
        Program.Say($"disposition with core handler: {SignalCore.Current(SigUsr1)}");
        SignalCore.SendToProcess(SigUsr1);
        WaitFor(() => Volatile.Read(ref dotnetCalls) == 1);
        Program.Say($"core handler runs: {SignalCore.Received(SigUsr1)}, dotnet handler runs: {Volatile.Read(ref dotnetCalls)}");

        SignalCore.SetDefaultOrIgnored(SigUsr1, ignore: false);
        Program.Say($"disposition after SIG_DFL: {SignalCore.Current(SigUsr1)}, held by runtime: {SignalCore.HeldByRuntime(SigUsr1)}");
        SignalCore.SendToProcess(SigUsr1);
        WaitFor(() => Volatile.Read(ref dotnetCalls) == 2);
        Program.Say($"core handler runs: {SignalCore.Received(SigUsr1)}, dotnet handler runs: {Volatile.Read(ref dotnetCalls)}");
        return 0;
    }

    /// <summary>A signal the initial thread blocks stays pending (no runtime thread takes it) until waited for.</summary>
    public static int BlockedSignalStaysPendingForWait()
    {
        SignalCore.SetThreadMask(0 /* SIG_BLOCK */, [SigUsr2]);
        SignalCore.SendToProcess(SigUsr2);
        Thread.Sleep(200); // time for any other thread to take it, were one to accept it
        Program.Say($"pending: {string.Join(',', SignalCore.Pending())}");
        SignalInfo? info = SignalCore.WaitInfo([SigUsr2], 5_000_000_000, out int errno);
        Program.Say($"waited: signo {info?.Signo} from own pid {info?.Pid == Environment.ProcessId} errno {errno}");
        Program.Say($"pending after wait: [{string.Join(',', SignalCore.Pending())}]");
        return 0;
    }

    /// <summary>setitimer rounds a tiny delay up (not to zero), fires SIGALRM, and reads back disarmed.</summary>
    public static int TimerFiresAndReadsBack()
    {
        SignalCore.SetThreadMask(0 /* SIG_BLOCK */, [SigAlrm]);
        SignalCore.SetTimer(0 /* ITIMER_REAL */, 1, 0);
        SignalInfo? info = SignalCore.WaitInfo([SigAlrm], 5_000_000_000, out _);
        Program.Say($"timer signal: {info?.Signo}");
        SignalCore.SetTimer(0, 30_000_000_000, 0);
        (double delay, double interval) = SignalCore.GetTimer(0);
        Program.Say($"armed 30 s: delay in (29, 30]: {delay is > 29 and <= 30}, interval {interval}");
        (delay, _) = SignalCore.SetTimer(0, 0, 0);
        Program.Say($"disarmed; old delay still > 29: {delay > 29}, now: {SignalCore.GetTimer(0)}");
        return 0;
    }

    /// <summary>The core installs without SA_RESTART; siginterrupt(False) sets it, siginterrupt(True) clears it.</summary>
    public static int SigInterruptTogglesRestart()
    {
        SignalCore.InstallPythonHandler(SigUsr1);
        Program.Say($"installed restarts: {SignalCore.Restarts(SigUsr1)}");
        SignalCore.SetInterrupt(SigUsr1, interrupt: false);
        Program.Say($"after siginterrupt(False) restarts: {SignalCore.Restarts(SigUsr1)}");
        SignalCore.SetInterrupt(SigUsr1, interrupt: true);
        Program.Say($"after siginterrupt(True) restarts: {SignalCore.Restarts(SigUsr1)}");
        return 0;
    }

    /// <summary>CoreCLR's SIGINT handler gives way to SIG_DFL; SIGPIPE ends ignored, as in python3.11.</summary>
    public static int StartupStateMatchesPython()
    {
        // Nothing may touch Console before: its first use installs System.Native's SIGINT handler,
        // which serves the application and is kept.
        string before = $"before: SIGINT held by CoreCLR {SignalCore.HeldByCoreClr(SigInt)}, SIGPIPE {SignalCore.Current(SigPipe)}";
        StartupState.ApplyPythonDefaults();
        string after = $"after: SIGINT {SignalCore.Current(SigInt)}, SIGPIPE {SignalCore.Current(SigPipe)}, SIGXFSZ {SignalCore.Current(25)}";
        Program.Say(before);
        Program.Say(after);
        return 0;
    }

    /// <summary>The OS-level handler writes the signal number to the wakeup fd; a full buffer is reported.</summary>
    public static int WakeupFdGetsSignalNumber()
    {
        using var reader = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        using var writer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        reader.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        writer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        writer.Connect(reader.LocalEndPoint!);
        writer.Blocking = false;
        int fd = (int)writer.Handle;
        Program.Say($"non-blocking: {SignalCore.IsNonBlocking(fd)}");

        SignalCore.SetWakeupFd(fd, warnOnFullBuffer: true);
        SignalCore.InstallPythonHandler(SigUsr1);
        SignalCore.SendToProcess(SigUsr1);
        byte[] buffer = new byte[16];
        int received = reader.Receive(buffer);
        Program.Say($"wakeup bytes: {string.Join(',', buffer.Take(received))}, write errors: {SignalCore.TakeWakeupWriteFailures().Failures}");

        writer.Close();
        SignalCore.SendToProcess(SigUsr1);
        Program.Say($"after the fd closed, write error is EBADF: {SignalCore.TakeWakeupWriteFailures() == (1, 9)}");
        SignalCore.SetWakeupFd(-1, warnOnFullBuffer: true);
        return 0;
    }

    private static void WaitFor(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(5);
        }
    }
}
