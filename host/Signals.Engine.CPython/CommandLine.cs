using Signals.Engine.CPython.Interop;

namespace Signals.Engine.CPython;

/// <summary>
/// Runs CPython's own command line (<c>python3.11 [option] ... [-c cmd | -m mod | file | -] [arg] ...</c>)
/// in this process: CPython parses it through its configuration API and runs it with <c>Py_RunMain</c>,
/// so options, <c>sys.flags</c>, <c>PYTHON*</c> variables and exit statuses are CPython's own.
/// </summary>
public static class CommandLine
{
    /// <summary>
    /// Initialises CPython from <paramref name="argv"/> (raw bytes, <c>argv[0]</c> the program, which
    /// becomes <c>sys.executable</c>) and runs it. Returns the process exit status; CPython itself exits
    /// the process for <c>--version</c>, <c>-h</c> and usage errors, and kills it with SIGINT after an
    /// uncaught KeyboardInterrupt.
    /// </summary>
    /// <param name="beforeStartupExit">Called with the status when CPython's start-up exits the process
    /// (<c>--version</c>, ...), after CPython's output is flushed: to print after it.</param>
    public static int Run(IReadOnlyList<byte[]> argv, Action<int>? beforeStartupExit = null)
    {
        InterpreterStartup.BeforeStartupExit = beforeStartupExit;
        InterpreterStartup.Initialize(argv, parseCommandLine: true);
        int status = Python.Py_RunMain();
        // A child of os.fork() that ran to the end: Python has finalised; the runtime cannot shut down.
        Signals.Core.StartupState.ExitIfForkedChild(status);
        return status;
    }
}
