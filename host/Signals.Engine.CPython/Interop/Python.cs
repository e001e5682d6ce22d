using System.Runtime.InteropServices;

namespace Signals.Engine.CPython.Interop;

/// <summary>
/// The CPython 3.11 C API entry points the adapter calls, declared with their C names. The library
/// name is logical: <see cref="PythonLibrary"/> maps it to the libpython it loaded.
/// </summary>
internal static unsafe partial class Python
{
    public const string LibName = "python3.11";

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

    [LibraryImport(LibName)]
    public static partial void PyConfig_InitPythonConfig(byte* config);

    [LibraryImport(LibName)]
    public static partial PyStatus PyConfig_SetBytesArgv(byte* config, nint argc, byte** argv);

    [LibraryImport(LibName)]
    public static partial void PyConfig_Clear(byte* config);

    [LibraryImport(LibName)]
    public static partial PyStatus Py_InitializeFromConfig(byte* config);

    /// <summary>Prints the status's error (if any) and exits the process with its code. Never returns.</summary>
    [LibraryImport(LibName)]
    public static partial void Py_ExitStatusException(PyStatus status);

    [LibraryImport(LibName)]
    public static partial int Py_RunMain();

    [LibraryImport(LibName)]
    public static partial nint Py_GetVersion();

    [LibraryImport(LibName, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint PyImport_ImportModule(string name);

    [LibraryImport(LibName)]
    public static partial void Py_DecRef(nint obj);

    [LibraryImport(LibName)]
    public static partial void PyErr_Print();
}
