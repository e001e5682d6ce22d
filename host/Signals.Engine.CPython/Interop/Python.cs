using System.Runtime.InteropServices;

namespace Signals.Engine.CPython.Interop;

/// <summary>
/// The CPython C API entry points (3.10 to 3.13; <see cref="CPythonAbi.RequiredExports"/> lists them) the adapter calls, declared with their C names. The library
/// name is logical: <see cref="PythonLibrary"/> maps it to the libpython it loaded. Variadic C
/// functions are declared with the fixed arguments the adapter passes (integer-class only, which
/// the x86_64 and aarch64 Linux ABIs pass as for a non-variadic call).
/// </summary>
internal static unsafe partial class Python
{
    public const string LibName = "libpython";

    public const int METH_VARARGS = 0x1;
    public const int METH_KEYWORDS = 0x2;
    public const int METH_NOARGS = 0x4;
    public const int METH_O = 0x8;
    public const int METH_FASTCALL = 0x80;

    public const int PYTHON_API_VERSION = 1013;

    /// <summary><c>_PyTime_ROUND_CEILING</c>.</summary>
    public const int RoundCeiling = 1;

    /// <summary><c>PyStatus</c>: returned by value from the configuration API.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PyStatus
    {
        /// <summary>0 ok, 1 error, 2 exit (<c>_PyStatus_TYPE_*</c>).</summary>
        public int Type;
        public nint Func;
        public nint ErrMsg;
        public int ExitCode;

        public readonly bool IsException => Type != 0;
    }

    /// <summary><c>PyMethodDef</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PyMethodDef
    {
        public nint Name;
        public nint Method;
        public int Flags;
        public nint Doc;
    }

    /// <summary><c>PyModuleDef</c> (with <c>PyModuleDef_HEAD_INIT</c>'s base inlined).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PyModuleDef
    {
        public nint RefCount;
        public nint Type;
        public nint Init;
        public nint Index;
        public nint Copy;
        public nint Name;
        public nint Doc;
        public nint Size;
        public PyMethodDef* Methods;
        public nint Slots;
        public nint Traverse;
        public nint Clear;
        public nint Free;
    }

    /// <summary><c>PyModuleDef_Slot</c>: one step of a module's multi-phase initialisation.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PyModuleDefSlot
    {
        public int Slot;
        public nint Value;
    }

    /// <summary><c>Py_mod_exec</c>: the slot whose function fills a module created from its definition.</summary>
    public const int Py_mod_exec = 2;

    /// <summary><c>struct _inittab</c>: an entry of <c>PyImport_Inittab</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct InitTab
    {
        public nint Name;
        public nint InitFunc;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct PyStructSequenceField
    {
        public nint Name;
        public nint Doc;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct PyStructSequenceDesc
    {
        public nint Name;
        public nint Doc;
        public PyStructSequenceField* Fields;
        public int InSequence;
    }

    // Initialisation and running.
    [LibraryImport(LibName)] public static partial void PyConfig_InitPythonConfig(byte* config);
    [LibraryImport(LibName)] public static partial PyStatus PyConfig_SetBytesArgv(byte* config, nint argc, byte** argv);
    [LibraryImport(LibName)] public static partial void PyConfig_Clear(byte* config);
    [LibraryImport(LibName)] public static partial PyStatus Py_InitializeFromConfig(byte* config);
    /// <summary>Prints the status's error (if any) and exits the process with its code. Never returns.</summary>
    [LibraryImport(LibName)] public static partial void Py_ExitStatusException(PyStatus status);
    [LibraryImport(LibName)] public static partial int Py_RunMain();
    [LibraryImport(LibName)] public static partial nint Py_GetVersion();
    [LibraryImport(LibName)] public static partial int Py_FinalizeEx();
    [LibraryImport(LibName, StringMarshalling = StringMarshalling.Utf8)] public static partial int PyRun_SimpleString(string code);

    // Objects.
    [LibraryImport(LibName), SuppressGCTransition] public static partial void Py_IncRef(nint obj);
    [LibraryImport(LibName)] public static partial void Py_DecRef(nint obj);
    [LibraryImport(LibName), SuppressGCTransition] public static partial int PyCallable_Check(nint obj);
    [LibraryImport(LibName)] public static partial int PyObject_IsTrue(nint obj);
    [LibraryImport(LibName)] public static partial nint PyObject_Type(nint obj);
    [LibraryImport(LibName), SuppressGCTransition] public static partial nuint PyType_GetFlags(nint type);
    [LibraryImport(LibName)] public static partial nint PyObject_GetIter(nint obj);
    [LibraryImport(LibName)] public static partial nint PyIter_Next(nint iterator);
    [LibraryImport(LibName)] public static partial nint PyObject_Call(nint callable, nint args, nint kwargs);
    [LibraryImport(LibName, StringMarshalling = StringMarshalling.Utf8)] public static partial nint PyObject_GetAttrString(nint obj, string name);
    [LibraryImport(LibName, StringMarshalling = StringMarshalling.Utf8)] public static partial int PyObject_SetAttrString(nint obj, string name, nint value);
    [LibraryImport(LibName)] public static partial nint PyLong_FromLong(nint value);
    [LibraryImport(LibName)] public static partial nint PyLong_FromUnsignedLong(nuint value);
    [LibraryImport(LibName)] public static partial nint PyLong_AsLong(nint obj);
    [LibraryImport(LibName)] public static partial nint PyLong_AsLongAndOverflow(nint obj, int* overflow);
    /// <summary><see cref="PyLong_AsLongAndOverflow"/> for an exact <c>int</c>, which runs no Python code (no <c>__index__</c>): no GC transition.</summary>
    [LibraryImport(LibName, EntryPoint = "PyLong_AsLongAndOverflow"), SuppressGCTransition] public static partial nint PyLong_AsLongAndOverflowOfExactInt(nint obj, int* overflow);
    [LibraryImport(LibName)] public static partial nuint PyLong_AsUnsignedLongMask(nint obj);
    [LibraryImport(LibName)] public static partial nint PyFloat_FromDouble(double value);
    [LibraryImport(LibName, StringMarshalling = StringMarshalling.Utf8)] public static partial nint PyUnicode_FromString(string value);
    [LibraryImport(LibName)] public static partial nint PyTuple_New(nint size);
    [LibraryImport(LibName)] public static partial int PyTuple_SetItem(nint tuple, nint index, nint item);
    [LibraryImport(LibName)] public static partial nint PyTuple_Size(nint tuple);
    [LibraryImport(LibName)] public static partial nint PyTuple_GetItem(nint tuple, nint index);
    [LibraryImport(LibName)] public static partial nint PySet_New(nint iterable);
    [LibraryImport(LibName)] public static partial int PySet_Add(nint set, nint key);
    [LibraryImport(LibName)] public static partial nint PyDict_Size(nint dict);
    [LibraryImport(LibName)] public static partial int PyDict_Next(nint dict, nint* position, nint* key, nint* value);
    [LibraryImport(LibName)] public static partial nint PyUnicode_AsUTF8(nint obj);
    [LibraryImport(LibName)] public static partial nint PyStructSequence_NewType(PyStructSequenceDesc* desc);
    [LibraryImport(LibName)] public static partial nint PyStructSequence_New(nint type);
    [LibraryImport(LibName)] public static partial void PyStructSequence_SetItem(nint obj, nint index, nint value);

    // Running code.
    [LibraryImport(LibName, StringMarshalling = StringMarshalling.Utf8)] public static partial nint Py_CompileString(string source, string filename, int start);
    [LibraryImport(LibName)] public static partial nint PyEval_EvalCode(nint code, nint globals, nint locals);
    [LibraryImport(LibName)] public static partial nint PyEval_GetBuiltins();
    [LibraryImport(LibName)] public static partial nint PyDict_New();
    [LibraryImport(LibName, StringMarshalling = StringMarshalling.Utf8)] public static partial int PyDict_SetItemString(nint dict, string key, nint value);
    [LibraryImport(LibName)] public static partial void PyErr_NormalizeException(nint* type, nint* value, nint* traceback);
    [LibraryImport(LibName)] public static partial int PyException_SetTraceback(nint exception, nint traceback);
    [LibraryImport(LibName)] public static partial int PyErr_GivenExceptionMatches(nint given, nint exception);
    [LibraryImport(LibName)] public static partial nint PyObject_Str(nint obj);

    /// <summary><c>Py_file_input</c>: compile a module's statements.</summary>
    public const int FileInput = 257;

    // Modules and imports.
    [LibraryImport(LibName)] public static partial nint PyModule_Create2(PyModuleDef* def, int apiVersion);
    [LibraryImport(LibName)] public static partial nint PyModule_FromDefAndSpec2(nint def, nint spec, int apiVersion);
    [LibraryImport(LibName)] public static partial int PyModule_ExecDef(nint module, nint def);
    [LibraryImport(LibName)] public static partial void PyException_SetContext(nint exception, nint context);
    [LibraryImport(LibName)] public static partial nint PyModuleDef_Init(PyModuleDef* def);
    /// <summary>CPython keeps <paramref name="name"/> (a NUL-terminated UTF-8 string that must live as long as the process).</summary>
    [LibraryImport(LibName)] public static partial int PyImport_AppendInittab(nint name, nint initFunc);
    [LibraryImport(LibName)] public static partial nint PyImport_GetModuleDict();
    [LibraryImport(LibName)] public static partial nint PyModule_GetDict(nint module);
    [LibraryImport(LibName, StringMarshalling = StringMarshalling.Utf8)] public static partial int PyModule_AddObjectRef(nint module, string name, nint value);
    [LibraryImport(LibName, StringMarshalling = StringMarshalling.Utf8)] public static partial int PyModule_AddIntConstant(nint module, string name, nint value);
    [LibraryImport(LibName, StringMarshalling = StringMarshalling.Utf8)] public static partial nint PyImport_ImportModule(string name);
    [LibraryImport(LibName)] public static partial nint PyCFunction_NewEx(PyMethodDef* def, nint self, nint module);

    // Errors.
    [LibraryImport(LibName), SuppressGCTransition] public static partial nint PyErr_Occurred();
    [LibraryImport(LibName, StringMarshalling = StringMarshalling.Utf8)] public static partial void PyErr_SetString(nint type, string message);
    [LibraryImport(LibName)] public static partial void PyErr_SetNone(nint type);
    [LibraryImport(LibName)] public static partial void PyErr_SetObject(nint type, nint value);
    [LibraryImport(LibName)] public static partial void PyErr_Fetch(nint* type, nint* value, nint* traceback);
    [LibraryImport(LibName)] public static partial void PyErr_Restore(nint type, nint value, nint traceback);
    [LibraryImport(LibName)] public static partial void PyErr_Print();
    [LibraryImport(LibName)] public static partial void PyErr_WriteUnraisable(nint obj);

    /// <summary><c>_PyErr_WriteUnraisableMsg(text, obj)</c> (3.12's way to set the hook's <c>err_msg</c>: "Exception ignored " + text).</summary>
    [LibraryImport(LibName, StringMarshalling = StringMarshalling.Utf8)] public static partial void _PyErr_WriteUnraisableMsg(string text, nint obj);

    /// <summary><c>PyErr_FormatUnraisable(format)</c> (3.13+; a constant message, no conversions).</summary>
    [LibraryImport(LibName, StringMarshalling = StringMarshalling.Utf8)] public static partial void PyErr_FormatUnraisable(string format);
    [LibraryImport(LibName, StringMarshalling = StringMarshalling.Utf8)] public static partial int PyErr_WarnEx(nint category, string message, nint stackLevel);
    [LibraryImport(LibName, StringMarshalling = StringMarshalling.Utf8)] public static partial nint PyErr_NewException(string name, nint @base, nint dict);
    [LibraryImport(LibName)] public static partial int PyErr_CheckSignals();
    [LibraryImport(LibName)] public static partial void Py_LeaveRecursiveCall();
    [LibraryImport(LibName, StringMarshalling = StringMarshalling.Utf8)] public static partial int Py_EnterRecursiveCall(string where);
    [LibraryImport(LibName)] public static partial int PyErr_SetInterruptEx(int signum);
    [LibraryImport(LibName)] public static partial int Py_AddPendingCall(nint function, nint argument);
    /// <summary>Writes a printf format with no conversions to <c>sys.stderr</c>.</summary>
    [LibraryImport(LibName, StringMarshalling = StringMarshalling.Utf8)] public static partial void PySys_WriteStderr(string text);
    /// <summary><c>PySys_Audit(event, "kk", a, b)</c>.</summary>
    [LibraryImport(LibName, EntryPoint = "PySys_Audit", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int PySys_Audit_kk(string eventName, string format, nuint a, nuint b);

    // Threads and signals.
    [LibraryImport(LibName)] public static partial nint PyEval_SaveThread();
    [LibraryImport(LibName)] public static partial void PyEval_RestoreThread(nint threadState);
    [LibraryImport(LibName), SuppressGCTransition] public static partial int _PyOS_IsMainThread();
    [LibraryImport(LibName)] public static partial int _PyTime_FromSecondsObject(long* result, nint obj, int round);
}
