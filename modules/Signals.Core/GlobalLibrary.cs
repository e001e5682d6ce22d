using System.Runtime.InteropServices;
using Signals.Core.Interop;

namespace Signals.Core;

/// <summary>Loads a shared library with <c>RTLD_GLOBAL</c>.</summary>
/// <remarks>
/// .NET's <see cref="NativeLibrary.Load(string)"/> keeps symbols local. Debian's CPython extension
/// modules (<c>lib-dynload/*.so</c>) are not linked against libpython and find its symbols only when
/// libpython was loaded globally.
/// </remarks>
public static class GlobalLibrary
{
    /// <summary>Loads <paramref name="nameOrPath"/>; a bare soname is searched as the dynamic loader does.</summary>
    /// <returns>The handle, or zero with <paramref name="error"/> holding <c>dlerror()</c>'s text.</returns>
    public static nint TryLoad(string nameOrPath, out string error)
    {
        // Bind dlerror before dlopen: resolving a P/Invoke on first call goes through the dynamic
        // loader and would clear the error text dlopen leaves behind.
        _ = Libc.dlerror();
        nint handle = Libc.dlopen(nameOrPath, Libc.RTLD_NOW | Libc.RTLD_GLOBAL);
        error = handle == 0 ? Marshal.PtrToStringUTF8(Libc.dlerror()) ?? "unknown dlopen error" : string.Empty;
        return handle;
    }

    /// <summary>The handle of the program itself and what it was linked with (<c>dlopen(NULL)</c>).</summary>
    public static nint Program() => Libc.dlopen(null, Libc.RTLD_NOW | Libc.RTLD_GLOBAL);

    /// <summary>Whether the library behind <paramref name="handle"/> exports <paramref name="symbol"/>.</summary>
    public static bool Exports(nint handle, string symbol) => Symbol(handle, symbol) != 0;

    /// <summary>The address of <paramref name="symbol"/> in the library behind <paramref name="handle"/>, or zero.</summary>
    public static nint Symbol(nint handle, string symbol) => Libc.dlsym(handle, symbol);
}
