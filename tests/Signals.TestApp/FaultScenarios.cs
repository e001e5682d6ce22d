using System.Runtime.CompilerServices;
using Signals.Hosting;

namespace Signals.TestApp;

/// <summary>Real faults in managed code keep .NET's handling while a script is hosted.</summary>
public static class FaultScenarios
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int LengthOf(string? text) => text!.Length; // a real SIGSEGV on null

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Divide(int a, int b) => a / b; // a real SIGFPE on zero

    internal static int ManagedFaultsStayExceptions()
    {
        using PythonScriptHost host = PythonScriptHost.Start();
        ScriptOutcome ran = host.RunCode("import signal\nassert signal.getsignal(signal.SIGSEGV) == signal.SIG_DFL");
        Program.Say($"script ran: exit {ran.ExitCode}");
        try
        {
            LengthOf(null);
            Program.Say("no exception");
        }
        catch (NullReferenceException)
        {
            Program.Say("app caught NullReferenceException");
        }

        try
        {
            Divide(1, 0);
            Program.Say("no exception");
        }
        catch (DivideByZeroException)
        {
            Program.Say("app caught DivideByZeroException");
        }

        using PythonScope scope = host.CreateScope();
        host.Execute("""
            import clr
            from System import NullReferenceException
            clr.AddReference("Signals.TestApp")
            from Signals.TestApp import FaultScenarios
            try:
                FaultScenarios.LengthOf(None)
                caught = "no exception"
            except NullReferenceException:
                caught = "script caught NullReferenceException from .NET"
            """, scope);
        Program.Say(scope.GetVariable<string>("caught"));
        return 0;
    }
}
