using System.Runtime.InteropServices;
using Signals.Engine.CPython.Interop;
using Signals.Module;

namespace Signals.Engine.CPython.Clr;

/// <summary>
/// <c>import clr</c>: a built-in module entry that costs nothing at start-up. The first import runs
/// <see cref="Exec"/>, which attaches pythonnet (<see cref="ClrBridge"/>), adds IronPython's
/// <c>clr.AddReference*</c> functions (<c>clr_extras.py</c>) and puts pythonnet's module in
/// <c>sys.modules</c>, where the import system takes it from.
/// </summary>
internal static unsafe class ClrModule
{
    private const string ExtrasResource = "Signals.Engine.CPython.Clr.clr_extras.py";
    private static Python.PyModuleDef* s_definition;

    /// <summary>Adds <c>clr</c> to the built-in modules. Call before the interpreter starts; once per process.</summary>
    public static void Register()
    {
        if (s_definition is not null)
        {
            return; // CPython keeps its extended table across interpreters
        }

        s_definition = Definition();
        if (Python.PyImport_AppendInittab(PythonApi.PermanentUtf8("clr"), (nint)(delegate* unmanaged<nint>)&PyInit) < 0)
        {
            throw new PythonLibraryException("libpython refused to add clr to its built-in modules");
        }
    }

    [UnmanagedCallersOnly]
    private static nint PyInit() => Python.PyModuleDef_Init(s_definition);

    /// <summary>The <c>Py_mod_exec</c> step of the first <c>import clr</c>, with the GIL held.</summary>
    [UnmanagedCallersOnly]
    private static int Exec(nint stub)
    {
        try
        {
            using PyOwned clr = PyOwned.Of(ClrBridge.Attach());
            AddExtras(clr.Borrow, stub);
            return Python.PyDict_SetItemString(Python.PyImport_GetModuleDict(), "clr", clr.Borrow) < 0 ? -1 : 0;
        }
        catch (PendingPythonException)
        {
            return -1;
        }
        catch (Exception e)
        {
            Python.PyErr_SetString(*(nint*)PythonLibrary.Symbol("PyExc_ImportError"), $"cannot load clr: {e.Message}");
            return -1;
        }
    }

    /// <summary><c>clr._shutdown()</c>, registered with <c>atexit</c>: detaches pythonnet before finalisation.</summary>
    [UnmanagedCallersOnly]
    private static nint Shutdown(nint self, nint unused)
    {
        ClrBridge.Detach();
        return PythonApi.NewNone();
    }

    private static void AddExtras(nint clr, nint stub)
    {
        string source;
        using (Stream stream = typeof(ClrModule).Assembly.GetManifestResourceStream(ExtrasResource)
            ?? throw new InvalidOperationException($"{ExtrasResource} is missing from the assembly"))
        using (var reader = new StreamReader(stream))
        {
            source = reader.ReadToEnd();
        }

        using PyOwned globals = PyOwned.Of(Python.PyDict_New());
        using (PyOwned shutdown = PyOwned.Of(Python.PyObject_GetAttrString(stub, "_shutdown")))
        {
            int failed = Python.PyDict_SetItemString(globals.Borrow, "__builtins__", Python.PyEval_GetBuiltins())
                | Python.PyDict_SetItemString(globals.Borrow, "_clr", clr)
                | Python.PyDict_SetItemString(globals.Borrow, "_shutdown", shutdown.Borrow);
            if (failed < 0)
            {
                throw new PendingPythonException();
            }
        }

        using PyOwned code = PyOwned.Of(Python.Py_CompileString(source, "<sighost clr extras>", Python.FileInput));
        using PyOwned result = PyOwned.Of(Python.PyEval_EvalCode(code.Borrow, globals.Borrow, globals.Borrow));
    }

    private static Python.PyModuleDef* Definition()
    {
        var methods = (Python.PyMethodDef*)NativeMemory.AllocZeroed(2, (nuint)sizeof(Python.PyMethodDef));
        methods[0].Name = PythonApi.PermanentUtf8("_shutdown");
        methods[0].Method = (nint)(delegate* unmanaged<nint, nint, nint>)&Shutdown;
        methods[0].Flags = Python.METH_NOARGS;

        var slots = (Python.PyModuleDefSlot*)NativeMemory.AllocZeroed(2, (nuint)sizeof(Python.PyModuleDefSlot));
        slots[0].Slot = Python.Py_mod_exec;
        slots[0].Value = (nint)(delegate* unmanaged<nint, int>)&Exec;

        var definition = (Python.PyModuleDef*)NativeMemory.AllocZeroed((nuint)sizeof(Python.PyModuleDef));
        definition->RefCount = 1;
        definition->Name = PythonApi.PermanentUtf8("clr");
        definition->Doc = PythonApi.PermanentUtf8("pythonnet's clr, attached by sighost on first import");
        definition->Size = 0;
        definition->Methods = methods;
        definition->Slots = (nint)slots;
        return definition;
    }
}
