using System.Runtime.InteropServices;
using Signals.Core;
using Signals.Engine.CPython.Interop;
using Signals.Engine.CPython.SignalModule;

namespace Signals.Engine.CPython;

/// <summary>
/// Runs CPython's own command line (<c>python3.11 [option] ... [-c cmd | -m mod | file | -] [arg] ...</c>)
/// in this process: CPython parses it through its configuration API and runs it with <c>Py_RunMain</c>,
/// so options, <c>sys.flags</c>, <c>PYTHON*</c> variables and exit statuses are CPython's own.
/// </summary>
public static unsafe class CommandLine
{
    /// <summary>
    /// Initialises CPython from <paramref name="argv"/> (raw bytes, <c>argv[0]</c> the program, which
    /// becomes <c>sys.executable</c>) and runs it. Returns the process exit status; CPython itself exits
    /// the process for <c>--version</c>, <c>-h</c> and usage errors, and kills it with SIGINT after an
    /// uncaught KeyboardInterrupt.
    /// </summary>
    public static int Run(IReadOnlyList<byte[]> argv)
    {
        // The interpreter's own signal set-up is off (install_signal_handlers = 0): the host decides
        // the start-up dispositions, before CPython can snapshot them, and `_signal` is the C# one.
        StartupState.ApplyPythonDefaults();
        CPythonSignalModule.InstallInInittab();

        byte* config = stackalloc byte[PyConfigLayout.BufferSize];
        Python.PyConfig_InitPythonConfig(config);
        CheckLayout(config);
        *(int*)(config + PyConfigLayout.InstallSignalHandlers) = 0;

        ExitOnException(SetArgv(config, argv));
        Python.PyStatus status = Python.Py_InitializeFromConfig(config);
        Python.PyConfig_Clear(config);
        ExitOnException(status);

        CPythonSignalModule.ImportAtStartup();
        return Python.Py_RunMain();
    }

    private static Python.PyStatus SetArgv(byte* config, IReadOnlyList<byte[]> argv)
    {
        var handles = new GCHandle[argv.Count];
        byte** pointers = stackalloc byte*[argv.Count + 1];
        try
        {
            for (int i = 0; i < argv.Count; i++)
            {
                // Each argument NUL-terminated, as C's argv.
                byte[] terminated = new byte[argv[i].Length + 1];
                argv[i].CopyTo(terminated, 0);
                handles[i] = GCHandle.Alloc(terminated, GCHandleType.Pinned);
                pointers[i] = (byte*)handles[i].AddrOfPinnedObject();
            }

            pointers[argv.Count] = null;
            return Python.PyConfig_SetBytesArgv(config, argv.Count, pointers);
        }
        finally
        {
            foreach (GCHandle handle in handles)
            {
                if (handle.IsAllocated)
                {
                    handle.Free();
                }
            }
        }
    }

    private static void ExitOnException(Python.PyStatus status)
    {
        if (status.IsException)
        {
            Python.Py_ExitStatusException(status);
        }
    }

    /// <summary>Refuses to write into a <c>PyConfig</c> whose defaults are not where 3.11 keeps them.</summary>
    private static void CheckLayout(byte* config)
    {
        bool expected = *(int*)(config + PyConfigLayout.Isolated) == 0
            && *(int*)(config + PyConfigLayout.InstallSignalHandlers) == 1
            && *(int*)(config + PyConfigLayout.ParseArgv) == 1;
        if (!expected)
        {
            throw new PythonLibraryException("libpython's PyConfig does not have CPython 3.11's layout");
        }
    }
}
