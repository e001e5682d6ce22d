namespace Signals.Engine.CPython.Interop;

/// <summary>
/// What the adapter needs to know about one CPython minor version's binary interface: the soname,
/// where <c>PyConfig</c> keeps the fields the adapter writes, and how to install that version.
/// Chosen from <c>Py_GetVersion()</c> when libpython loads (<see cref="PythonLibrary"/>).
/// </summary>
/// <remarks>
/// Adding a version (3.14, say) is a row in <see cref="Supported"/>: take the <c>PyConfig</c> offsets
/// from that version's <c>cpython/initconfig.h</c> (or compile <c>offsetof</c> against its headers),
/// add a row to <c>Signals.Module.ModuleSurface</c> for what its <c>_signal</c> shows differently,
/// generate its test_signal manifest (<c>run_conformance.py --write-manifest-skeleton</c>), and add it
/// to the version matrix in <c>tests/run</c>. <see cref="RequiredExports"/> names every symbol the
/// adapter binds; a version that drops one fails at load with that name.
/// </remarks>
/// <param name="Minor">The 3.x minor version.</param>
/// <param name="ParseArgvOffset">Offset of <c>int parse_argv</c> in <c>PyConfig</c>.</param>
/// <param name="ConfigSize">sizeof(<c>PyConfig</c>) on 64-bit Linux.</param>
/// <param name="InstallHint">How to get this version's shared library.</param>
/// <param name="ExtraExports">Symbols bound only on this version (checked at load with <see cref="RequiredExports"/>).</param>
internal sealed record CPythonAbi(int Minor, int ParseArgvOffset, int ConfigSize, string InstallHint, params string[] ExtraExports)
{
    /// <summary>Offset of <c>ob_type</c> in <c>PyObject</c> (after <c>ob_refcnt</c>), the same in every supported (non-free-threaded) version.</summary>
    public const int ObjectTypeOffset = 8;

    /// <summary>Offset of <c>int isolated</c> (the second field), the same in every supported version.</summary>
    public const int IsolatedOffset = 4;

    /// <summary>Offset of <c>int install_signal_handlers</c> (the fifth field), the same in every supported version.</summary>
    public const int InstallSignalHandlersOffset = 16;

    /// <summary>Room for any supported <c>PyConfig</c>, with margin for patch-level growth.</summary>
    public const int ConfigBufferSize = 4096;

    /// <summary>The default interpreter: Debian's and Ubuntu's CPython 3.11.</summary>
    public static readonly CPythonAbi Default = new(11, 96, 424, "apt-get install libpython3.11");

    /// <summary>Every version the adapter speaks, oldest first. 3.10 is the floor: 3.9 lacks <c>PyErr_SetInterruptEx</c>.</summary>
    public static readonly IReadOnlyList<CPythonAbi> Supported =
    [
        new(10, 80, 392, PyenvHint("3.10")),
        Default,
        new(12, 104, 432, PyenvHint("3.12"), "_PyErr_WriteUnraisableMsg"),
        new(13, 104, 448, PyenvHint("3.13"), "PyErr_FormatUnraisable"),
    ];

    /// <summary>
    /// Every libpython symbol the adapter binds, checked with <c>dlsym</c> when the library loads (the
    /// engine's tests check that this list and the declarations in <see cref="Python"/> agree).
    /// Private ones, kept because no public route gives the same behaviour: <c>_PyOS_IsMainThread</c>
    /// (the runtime's own main-thread record, which <c>fork()</c> updates), <c>_PyTime_FromSecondsObject</c>
    /// (its messages are the running version's own) and <c>_Py_NoneStruct</c> (what <c>Py_None</c> is);
    /// and, as 3.12's <see cref="ExtraExports"/>, <c>_PyErr_WriteUnraisableMsg</c> (3.12 has no public
    /// call that reports an unraisable error with a message; 3.13's is <c>PyErr_FormatUnraisable</c>).
    /// </summary>
    public static readonly IReadOnlyList<string> RequiredExports =
    [
        "PyConfig_InitPythonConfig", "PyConfig_SetBytesArgv", "PyConfig_Clear", "Py_InitializeFromConfig",
        "Py_ExitStatusException", "Py_RunMain", "Py_GetVersion", "Py_FinalizeEx", "PyRun_SimpleString",
        "Py_IncRef", "Py_DecRef", "PyCallable_Check", "PyObject_IsTrue", "PyObject_Type", "PyType_GetFlags",
        "PyObject_GetIter", "PyIter_Next", "PyObject_Call", "PyObject_GetAttrString", "PyObject_SetAttrString",
        "PyLong_FromLong", "PyLong_FromUnsignedLong", "PyLong_AsLong", "PyLong_AsLongAndOverflow",
        "PyLong_AsUnsignedLongMask", "PyFloat_FromDouble", "PyUnicode_FromString", "PyTuple_New",
        "PyTuple_SetItem", "PyTuple_Size", "PyTuple_GetItem", "PySet_New", "PySet_Add", "PyDict_Size",
        "PyDict_Next", "PyUnicode_AsUTF8", "PyStructSequence_NewType", "PyStructSequence_New",
        "PyStructSequence_SetItem", "Py_CompileString", "PyEval_EvalCode", "PyEval_GetBuiltins", "PyDict_New",
        "PyDict_SetItemString", "PyErr_NormalizeException", "PyException_SetTraceback",
        "PyErr_GivenExceptionMatches", "PyObject_Str", "PyModule_Create2", "PyModule_FromDefAndSpec2",
        "PyModule_ExecDef", "PyException_SetContext", "PyModuleDef_Init", "PyImport_AppendInittab",
        "PyImport_GetModuleDict", "PyModule_GetDict", "PyModule_AddObjectRef", "PyModule_AddIntConstant",
        "PyImport_ImportModule", "PyCFunction_NewEx", "PyErr_Occurred", "PyErr_SetString", "PyErr_SetNone",
        "PyErr_SetObject", "PyErr_Fetch", "PyErr_Restore", "PyErr_Print", "PyErr_WriteUnraisable",
        "PyErr_WarnEx", "PyErr_NewException", "PyErr_CheckSignals", "Py_LeaveRecursiveCall",
        "Py_EnterRecursiveCall", "PyErr_SetInterruptEx", "Py_AddPendingCall", "PySys_WriteStderr", "PySys_Audit",
        "PyEval_SaveThread", "PyEval_RestoreThread", "_PyOS_IsMainThread", "_PyTime_FromSecondsObject",
        "PyImport_Inittab", "_Py_NoneStruct", "PyLong_Type", "PyExc_ImportError", "PyExc_KeyboardInterrupt",
        "PyExc_OSError", "PyExc_OverflowError", "PyExc_RuntimeWarning", "PyExc_SystemError", "PyExc_TypeError",
        "PyExc_ValueError",
    ];

    /// <summary>"3.11".</summary>
    public string Version => $"3.{Minor}";

    /// <summary>The soname the dynamic loader searches for this version.</summary>
    public string Soname => $"libpython3.{Minor}.so.1.0";

    /// <summary>The row for <c>3.<paramref name="minor"/></c>, or null when the adapter does not speak it.</summary>
    public static CPythonAbi? ForMinor(int minor) => Supported.FirstOrDefault(abi => abi.Minor == minor);

    /// <summary>"3.10, 3.11, 3.12, 3.13".</summary>
    public static string SupportedList => string.Join(", ", Supported.Select(abi => abi.Version));

    private static string PyenvHint(string version) =>
        $"PYTHON_CONFIGURE_OPTS=--enable-shared pyenv install {version}, then SIGHOST_PYTHON=$(pyenv root)/versions/<{version}.x>/bin/python{version}";
}
