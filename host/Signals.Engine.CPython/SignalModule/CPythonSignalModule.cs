using System.Runtime.InteropServices;
using Signals.Core;
using Signals.Engine.CPython.Interop;
using Signals.Module;

namespace Signals.Engine.CPython.SignalModule;

/// <summary>
/// Puts the C# <c>_signal</c> (<see cref="Signals.Module.SignalModule"/>) into CPython as the
/// built-in module <c>_signal</c>, so <c>Lib/signal.py</c> builds its enums over it.
/// </summary>
/// <remarks>
/// <para>How it is wired (see README, "How signals reach Python"):</para>
/// <list type="number">
/// <item>Before the interpreter starts, the <c>_signal</c> entry of <c>PyImport_Inittab</c> is pointed at
/// <see cref="PyInit"/>; every <c>import _signal</c> then gets this module.</item>
/// <item>CPython's own built-in <c>_signal</c> is still created, privately, as the interpreter's trip table:
/// its <c>Handlers[]</c> are what the eval loop, PEP 475 retries and <c>_thread.interrupt_main</c> consult.
/// For a signal with a Python handler that table holds <see cref="SignalEntries.Trampoline"/>; the OS disposition is
/// always the core's (<c>native/signal_handler.c</c>), which trips the table with
/// <c>PyErr_SetInterruptEx</c> on the thread the signal arrived on.</item>
/// <item>When the interpreter runs the tripped entry, the trampoline reports failed wakeup writes and
/// calls the handler this module recorded.</item>
/// </list>
/// Functions are real <c>builtin_function_or_method</c> objects (a <c>PyMethodDef</c> table whose
/// entries are C# <c>UnmanagedCallersOnly</c> methods), so CPython itself produces the messages of
/// METH_O/METH_NOARGS argument errors.
/// </remarks>
internal static unsafe partial class CPythonSignalModule
{
    private static Signals.Module.SignalModule? s_module;
    private static CPythonSignalEngine? s_engine;
    private static nint s_originalInit;
    private static nint s_builtin;
    private static nint s_builtinSignal;
    private static nint s_trampoline;
    private static nint s_itimerError;
    private static nint s_siginfoType;
    private static nint s_defaultIntHandler;
    private static Python.PyModuleDef* s_definition;

    private static Signals.Module.SignalModule Module =>
        s_module ?? throw new InvalidOperationException("_signal is not initialised");

    /// <summary>Points the inittab's <c>_signal</c> entry at this module. Call before the interpreter starts.</summary>
    public static void InstallInInittab()
    {
        var table = *(Python.InitTab**)PythonLibrary.Symbol("PyImport_Inittab");
        for (Python.InitTab* entry = table; entry->Name != 0; entry++)
        {
            if (Marshal.PtrToStringUTF8(entry->Name) == "_signal")
            {
                if (s_originalInit == 0)
                {
                    s_originalInit = entry->InitFunc;
                }

                entry->InitFunc = (nint)(delegate* unmanaged<nint>)&PyInit;
                return;
            }
        }

        throw new PythonLibraryException("libpython has no built-in _signal to replace");
    }

    /// <summary>
    /// What CPython's <c>signal_install_handlers</c> ends with: imports <c>_signal</c> at start-up, so
    /// SIGINT raises KeyboardInterrupt even in a program that never imports <c>signal</c>; then names
    /// the C# assembly in <c>_signal.__spec__.origin</c>.
    /// </summary>
    public static void ImportAtStartup()
    {
        using PyOwned module = PyOwned.OfNullable(Python.PyImport_ImportModule("_signal"));
        if (module.IsNull)
        {
            Python.PyErr_Print();
            return;
        }

        using PyOwned spec = PyOwned.OfNullable(Python.PyObject_GetAttrString(module.Borrow, "__spec__"));
        using PyOwned origin = PyOwned.OfNullable(Python.PyUnicode_FromString(typeof(Signals.Module.SignalModule).Assembly.Location));
        if (spec.IsNull || origin.IsNull || Python.PyObject_SetAttrString(spec.Borrow, "origin", origin.Borrow) < 0)
        {
            Python.PyErr_Print();
        }
    }

    /// <summary>The module's init function, called by CPython's import of <c>_signal</c> with the GIL held.</summary>
    [UnmanagedCallersOnly]
    private static nint PyInit() => PythonApi.Guard(CreateModule, s_itimerError);

    private static nint CreateModule()
    {
        if (s_module is null)
        {
            InitialiseState();
        }

        PyOwned module = PyOwned.Of(Python.PyModule_Create2(Definition(), Python.PYTHON_API_VERSION));
        try
        {
            AddAttributes(module.Borrow);
            return module.Steal(); // CPython's import takes it
        }
        finally
        {
            module.Dispose(); // only when AddAttributes failed
        }
    }

    /// <summary>Process-wide state, created once (CPython's signal state is per process too).</summary>
    private static void InitialiseState()
    {
        PythonApi.Bind();
        SignalCore.ConnectEngine(PythonLibrary.Symbol("PyErr_SetInterruptEx"));
        s_itimerError = PythonApi.Check(Python.PyErr_NewException("signal.itimer_error", PythonApi.OSErrorType, 0));
        s_siginfoType = SigInfoType.Create();
        s_defaultIntHandler = NewFunction(MethodTable.DefaultIntHandler);
        s_trampoline = NewFunction(MethodTable.Trampoline);
        s_engine = new CPythonSignalEngine();

        nint sigDfl = PythonApi.NewInt(0);
        nint sigIgn = PythonApi.NewInt(1);
        var module = new Signals.Module.SignalModule(s_engine, new(PythonApi.None), new(sigDfl), new(sigIgn), new(s_defaultIntHandler), MethodTable.Surface);

        // Record the dispositions before CPython's own module executes: it installs its SIGINT handler.
        s_module = module;
        module.RecordDispositionsOnly();
        s_builtin = CreateBuiltinTripTable();
        s_builtinSignal = PythonApi.Check(Python.PyObject_GetAttrString(s_builtin, "signal"));
        module.InstallStartupHandlers();
        RegisterShutdownHook();
    }

    /// <summary>CPython's built-in <c>_signal</c>, created from its own definition but never put in <c>sys.modules</c>.</summary>
    private static nint CreateBuiltinTripTable()
    {
        nint definition = ((delegate* unmanaged<nint>)s_originalInit)();
        PythonApi.Check(definition);
        using PyOwned spec = PythonApi.CallResolved("_frozen_importlib", "ModuleSpec",
            PythonApi.NewTuple(PythonApi.Check(Python.PyUnicode_FromString("_signal")), PythonApi.NewNone()));
        PyOwned builtin = PyOwned.Of(Python.PyModule_FromDefAndSpec2(definition, spec.Borrow, Python.PYTHON_API_VERSION));
        try
        {
            if (Python.PyModule_ExecDef(builtin.Borrow, definition) < 0)
            {
                throw new PendingPythonException();
            }

            return builtin.Steal();
        }
        finally
        {
            builtin.Dispose(); // only when it failed
        }
    }

    /// <summary>
    /// Stops tripping the interpreter once it starts shutting down: CPython clears its trip table
    /// during finalisation, and <c>PyErr_SetInterruptEx</c> must not read it then. Registered first,
    /// so it runs after the program's own atexit callbacks.
    /// </summary>
    private static void RegisterShutdownHook()
    {
        using PyOwned result = PythonApi.CallResolved("atexit", "register", PythonApi.NewTuple(NewFunction(MethodTable.Shutdown)));
    }

    private static Python.PyModuleDef* Definition()
    {
        if (s_definition is null)
        {
            s_definition = (Python.PyModuleDef*)NativeMemory.AllocZeroed((nuint)sizeof(Python.PyModuleDef));
            s_definition->RefCount = 1;
            s_definition->Name = PythonApi.PermanentUtf8("_signal");
            s_definition->Doc = PythonApi.PermanentUtf8(MethodTable.ModuleDoc);
            s_definition->Size = -1;
            s_definition->Methods = MethodTable.ModuleMethods();
        }

        return s_definition;
    }

    private static void AddAttributes(nint module)
    {
        // In CPython's order (the functions come first, from the method table).
        foreach ((string name, int value) in Module.Surface.IntegerConstants)
        {
            AddInt(module, name, value);
        }

        AddObject(module, "SIG_DFL", Module.SigDfl.Value);
        AddObject(module, "SIG_IGN", Module.SigIgn.Value);
        // Replaces the method table's own default_int_handler (keeping its place): the object the
        // module records as SIGINT's handler, so getsignal(SIGINT) is default_int_handler.
        AddObject(module, "default_int_handler", s_defaultIntHandler);
        AddObject(module, "ItimerError", s_itimerError);
        AddObject(module, "struct_siginfo", s_siginfoType);
    }

    private static void AddInt(nint module, string name, int value)
    {
        if (Python.PyModule_AddIntConstant(module, name, value) < 0)
        {
            throw new PendingPythonException();
        }
    }

    private static void AddObject(nint module, string name, nint value)
    {
        if (Python.PyModule_AddObjectRef(module, name, value) < 0)
        {
            throw new PendingPythonException();
        }
    }

    /// <summary>A builtin function object bound to no module instance (the trampoline, default_int_handler).</summary>
    private static nint NewFunction(Python.PyMethodDef* definition)
    {
        using PyOwned moduleName = PyOwned.Of(Python.PyUnicode_FromString("_signal"));
        return PythonApi.Check(Python.PyCFunction_NewEx(definition, 0, moduleName.Borrow));
    }
}
