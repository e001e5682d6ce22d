using System.Reflection;
using System.Runtime.InteropServices;
using Signals.Core;
using Signals.Engine.CPython.Interop;

namespace Signals.Engine.CPython;

/// <summary>Finds, loads and checks the CPython 3.11 shared library.</summary>
/// <remarks>
/// Order: an explicit path from the caller, then <c>PYTHONNET_PYDLL</c> (the variable pythonnet itself
/// reads, so one setting serves both), then the soname <c>libpython3.11.so.1.0</c> searched the way the
/// dynamic loader searches (Debian and Ubuntu put it in <c>/usr/lib/&lt;triplet&gt;/</c>).
/// </remarks>
public static class PythonLibrary
{
    public const string DefaultSoname = "libpython3.11.so.1.0";
    public const string PathVariable = "PYTHONNET_PYDLL";
    public const string DebianPackage = "libpython3.11";

    private static readonly object s_gate = new();
    private static nint s_handle;
    private static string? s_loadedFrom;

    /// <summary>The path or soname the library was loaded from, once loaded.</summary>
    public static string? LoadedFrom => s_loadedFrom;

    /// <summary>The path or soname to load, after the overrides.</summary>
    public static string Resolve(string? explicitPath) =>
        !string.IsNullOrEmpty(explicitPath) ? explicitPath
        : Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
        : DefaultSoname;

    /// <summary>
    /// Loads libpython globally and routes this assembly's C API imports to it. Idempotent.
    /// </summary>
    /// <exception cref="PythonLibraryException">The library is missing, unloadable or not CPython 3.11.</exception>
    public static void Load(string? explicitPath = null)
    {
        lock (s_gate)
        {
            if (s_handle != 0)
            {
                return;
            }

            string target = Resolve(explicitPath);
            nint handle = GlobalLibrary.TryLoad(target, out string error);
            if (handle == 0)
            {
                throw new PythonLibraryException(
                    $"cannot load {target}: {error}; install it with: apt-get install {DebianPackage}");
            }

            if (!GlobalLibrary.Exports(handle, "Py_GetVersion"))
            {
                throw new PythonLibraryException(
                    $"{target} is not a CPython library; install CPython 3.11's with: apt-get install {DebianPackage}");
            }

            s_handle = handle;
            s_loadedFrom = target;
            NativeLibrary.SetDllImportResolver(typeof(PythonLibrary).Assembly, Resolve);
            CheckVersion(target);
        }
    }

    /// <summary>The address of an exported function or variable of the loaded libpython.</summary>
    internal static nint Symbol(string name)
    {
        nint address = GlobalLibrary.Symbol(s_handle, name);
        return address != 0 ? address : throw new PythonLibraryException($"libpython does not export {name}");
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == Python.LibName ? s_handle : 0;

    private static void CheckVersion(string target)
    {
        string version = Marshal.PtrToStringUTF8(Python.Py_GetVersion()) ?? string.Empty;
        if (!version.StartsWith("3.11.", StringComparison.Ordinal))
        {
            string found = version.Split(' ', 2)[0];
            throw new PythonLibraryException(
                $"{target} is CPython {found}, not 3.11; install 3.11 with: apt-get install {DebianPackage}");
        }
    }
}
