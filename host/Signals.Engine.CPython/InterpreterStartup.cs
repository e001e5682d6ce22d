using System.Runtime.InteropServices;
using Signals.Core;
using Signals.Engine.CPython.Interop;
using Signals.Engine.CPython.SignalModule;
using Signals.Module;

namespace Signals.Engine.CPython;

/// <summary>
/// Starts CPython on the calling thread (which becomes the interpreter's main thread) with the
/// project's signal handling in place of the interpreter's own.
/// </summary>
internal static unsafe class InterpreterStartup
{
    /// <summary>
    /// Initialises CPython from <paramref name="argv"/> (raw bytes, <c>argv[0]</c> the program, which
    /// becomes <c>sys.executable</c>). With <paramref name="parseCommandLine"/>, CPython parses the
    /// options as <c>python3</c> does; otherwise <paramref name="argv"/> is <c>sys.argv</c> as is.
    /// Returns with the calling thread holding the GIL.
    /// </summary>
    public static void Initialize(IReadOnlyList<byte[]> argv, bool parseCommandLine)
    {
        // The interpreter's own signal set-up is off (install_signal_handlers = 0): the host decides
        // the start-up dispositions, before CPython can snapshot them, and `_signal` is the C# one.
        StartupState.ApplyPythonDefaults();
        CPythonSignalModule.InstallInInittab();
        Clr.ClrModule.Register();

        byte* config = stackalloc byte[CPythonAbi.ConfigBufferSize];
        Python.PyConfig_InitPythonConfig(config);
        CheckLayout(config);
        *(int*)(config + CPythonAbi.InstallSignalHandlersOffset) = 0;
        *(int*)(config + PythonLibrary.Abi.ParseArgvOffset) = parseCommandLine ? 1 : 0;

        ExitOnException(SetArgv(config, argv));
        // Assemblies keep their files open: load the ones the interpreter's start needs before the
        // closed standard descriptors are released, so none of them takes descriptor 0, 1 or 2.
        _ = typeof(Signals.Module.SignalModule).Assembly;
        StartupState.CloseStandardStreamsClosedAtLaunch();
        StartupState.ForgetRuntimeSettings();
        StartupState.RecordProcess();
        Python.PyStatus status = Python.Py_InitializeFromConfig(config);
        Python.PyConfig_Clear(config);
        ExitOnException(status);

        CPythonSignalModule.ImportAtStartup();
    }

    /// <summary>
    /// Sets <c>sys.executable</c> and <c>sys._base_executable</c> to <paramref name="executable"/>
    /// (nothing when null). Call right after <see cref="Initialize"/>, before any script runs.
    /// </summary>
    public static void SetExecutable(string? executable)
    {
        if (executable is null)
        {
            return;
        }

        using PyOwned sys = PyOwned.Of(Python.PyImport_ImportModule("sys"));
        using PyOwned path = PyOwned.OfNullable(Python.PyUnicode_FromString(executable));
        bool set = !path.IsNull
            && Python.PyObject_SetAttrString(sys.Borrow, "executable", path.Borrow) == 0
            && Python.PyObject_SetAttrString(sys.Borrow, "_base_executable", path.Borrow) == 0;
        if (!set)
        {
            throw new PendingPythonException();
        }
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

    /// <summary>
    /// Runs when CPython's start-up ends the process with an exit status instead of starting
    /// (<c>-V</c>, <c>-h</c>, a bad option), before it exits; C stdio is flushed first.
    /// </summary>
    internal static Action<int>? BeforeStartupExit { get; set; }

    private static void ExitOnException(Python.PyStatus status)
    {
        if (status.Type == 2 && BeforeStartupExit is Action<int> beforeExit)
        {
            StartupState.FlushCStdio();
            beforeExit(status.ExitCode);
        }

        if (status.IsException)
        {
            Python.Py_ExitStatusException(status);
        }
    }

    /// <summary>Refuses to write into a <c>PyConfig</c> whose defaults are not where the loaded version keeps them.</summary>
    private static void CheckLayout(byte* config)
    {
        bool expected = *(int*)(config + CPythonAbi.IsolatedOffset) == 0
            && *(int*)(config + CPythonAbi.InstallSignalHandlersOffset) == 1
            && *(int*)(config + PythonLibrary.Abi.ParseArgvOffset) == 1;
        if (!expected)
        {
            throw new PythonLibraryException($"libpython's PyConfig does not have CPython {PythonLibrary.Abi.Version}'s layout");
        }
    }
}
