using System.Runtime.InteropServices;
using Signals.Engine.CPython.Interop;

namespace Signals.Engine.CPython.SignalModule;

internal static unsafe partial class CPythonSignalModule
{
    /// <summary><c>Py_TPFLAGS_LONG_SUBCLASS</c>: the type is int or a subclass (what <c>PyLong_Check</c> tests).</summary>
    private const nuint LongSubclassFlag = 1u << 24;

    /// <summary><c>Py_TPFLAGS_UNICODE_SUBCLASS</c>: the type is str or a subclass (what <c>PyUnicode_Check</c> tests).</summary>
    private const nuint UnicodeSubclassFlag = 1u << 28;

    public static Signals.Module.SignalModule State => Module;

    public static nint ItimerErrorType => s_itimerError;

    public static nint SigInfoTypeObject => s_siginfoType;

    public static nint TrampolineObject => s_trampoline;

    public static nint BuiltinSignalFunction => s_builtinSignal;

    /// <summary><c>PyLong_Check</c>.</summary>
    public static bool IsInt(nint obj) => (Python.PyType_GetFlags(PythonApi.TypeOf(obj)) & LongSubclassFlag) != 0;

    /// <summary><c>PyUnicode_Check</c>.</summary>
    public static bool IsString(nint obj) => (Python.PyType_GetFlags(PythonApi.TypeOf(obj)) & UnicodeSubclassFlag) != 0;

    /// <summary>
    /// How CPython's argument errors name <paramref name="obj"/>'s type: "None" for None, otherwise the
    /// type's <c>tp_name</c> ("float", "decimal.Decimal"), which follows the variable-size object
    /// header (reference count, type, size) in <c>PyTypeObject</c>.
    /// </summary>
    public static string TypeName(nint obj) =>
        obj == PythonApi.None ? "None" : Marshal.PtrToStringUTF8(*(nint*)(PythonApi.TypeOf(obj) + (3 * sizeof(nint)))) ?? "?";
}
