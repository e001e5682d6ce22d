using System.Reflection;
using System.Runtime.InteropServices;
using Signals.Core;
using Signals.Engine.CPython.Interop;

namespace Signals.Engine.CPython;

/// <summary>Finds, loads and checks the CPython shared library (3.10 to 3.13).</summary>
/// <remarks>
/// Which interpreter: an explicit choice from the caller, then <c>SIGHOST_PYTHON</c>, then
/// <c>PYTHONNET_PYDLL</c> (the variable pythonnet itself reads, so one setting serves both), then
/// Debian's and Ubuntu's soname <c>libpython3.11.so.1.0</c>, searched the way the dynamic loader
/// searches. A choice names a libpython (path or soname) or a python executable, whose library is
/// found beside it (<c>&lt;prefix&gt;/lib/libpython3.X.so.1.0</c>, as pyenv and <c>make install</c>
/// lay it out) or by the soname its file name implies (<c>/usr/bin/python3.12</c>: <c>libpython3.12.so.1.0</c>).
/// The version is read from <c>Py_GetVersion()</c> and picks the <see cref="CPythonAbi"/>; every
/// symbol the adapter binds is checked at that moment.
/// </remarks>
public static unsafe class PythonLibrary
{
    /// <summary>The variable naming the interpreter to run: a python executable or a libpython.</summary>
    public const string ChoiceVariable = "SIGHOST_PYTHON";

    /// <summary>pythonnet's own variable naming libpython.</summary>
    public const string PathVariable = "PYTHONNET_PYDLL";

    private static readonly object s_gate = new();
    private static nint s_handle;
    private static string? s_loadedFrom;
    private static CPythonAbi? s_abi;

    /// <summary>The path or soname the library was loaded from, once loaded.</summary>
    public static string? LoadedFrom => s_loadedFrom;

    /// <summary>
    /// The python executable of the loaded CPython, for children of embedded interpreters
    /// (<c>sys.executable</c>): the chosen executable itself, else <c>&lt;prefix&gt;/bin/python3.X</c>
    /// beside a <c>&lt;prefix&gt;/lib/libpython3.X.so</c>, else <c>/usr/bin/python3.X</c> or
    /// <c>/usr/local/bin/python3.X</c>; null when none exists.
    /// </summary>
    public static string? PythonExecutable { get; private set; }

    /// <summary>
    /// Whether CPython is linked into the program itself (the <c>sighost</c> executable built with
    /// Debian's static libpython3.11, which runs pure Python faster than the shared library) and is
    /// used in place of <c>libpython3.11.so.1.0</c>.
    /// </summary>
    public static bool IsBuiltIn { get; private set; }

    /// <summary>The loaded version, "3.12.1" (null before <see cref="Load"/>).</summary>
    public static string? Version { get; private set; }

    /// <summary>The loaded version's binary interface (the default one before <see cref="Load"/>).</summary>
    internal static CPythonAbi Abi => s_abi ?? CPythonAbi.Default;

    /// <summary>The 3.x minor version loaded (11 before <see cref="Load"/>).</summary>
    public static int Minor => Abi.Minor;

    /// <summary>The choice in force: <paramref name="explicitChoice"/>, else the environment's, else the default soname.</summary>
    public static string Resolve(string? explicitChoice) =>
        !string.IsNullOrEmpty(explicitChoice) ? explicitChoice
        : Environment.GetEnvironmentVariable(ChoiceVariable) is { Length: > 0 } chosen ? chosen
        : Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
        : CPythonAbi.Default.Soname;

    /// <summary>
    /// Loads libpython globally and routes this assembly's C API imports to it. Idempotent.
    /// </summary>
    /// <param name="explicitChoice">A python executable or libpython; null: the environment's choice or the default.</param>
    /// <exception cref="PythonLibraryException">The library is missing, unloadable, not CPython, or a version the adapter does not speak.</exception>
    public static void Load(string? explicitChoice = null)
    {
        lock (s_gate)
        {
            if (s_handle != 0)
            {
                return;
            }

            string choice = Resolve(explicitChoice);
            string target = LibraryOf(choice);
            nint handle = BuiltIn(target);
            bool builtIn = handle != 0;
            string error = string.Empty;
            if (handle == 0)
            {
                handle = GlobalLibrary.TryLoad(target, out error);
            }

            if (handle == 0 && choice == CPythonAbi.Default.Soname && LibraryOfPythonOnPath() is string found)
            {
                // The soname is not where the loader looks: the shared library of the python3.11 the
                // user runs, as its sysconfig names it.
                handle = GlobalLibrary.TryLoad(found, out string fallbackError);
                if (handle == 0)
                {
                    error = $"{error}; nor {found}, python{CPythonAbi.Default.Version}'s on PATH: {fallbackError}";
                }
                else
                {
                    choice = target = found;
                }
            }

            if (handle == 0)
            {
                throw new PythonLibraryException($"cannot load {target}: {error}; {HintFor(target)}");
            }

            if (!GlobalLibrary.Exports(handle, "Py_GetVersion"))
            {
                throw new PythonLibraryException($"{target} is not a CPython library; {HintFor(target)}");
            }

            string version = Marshal.PtrToStringUTF8(((delegate* unmanaged<nint>)GlobalLibrary.Symbol(handle, "Py_GetVersion"))()) ?? string.Empty;
            CPythonAbi abi = AbiOf(target, version);
            string[] missing = CPythonAbi.RequiredExports.Concat(abi.ExtraExports).Where(name => !GlobalLibrary.Exports(handle, name)).ToArray();
            if (missing.Length > 0)
            {
                throw new PythonLibraryException(
                    $"{target} (CPython {version.Split(' ', 2)[0]}) does not export {string.Join(", ", missing)}, which sighost needs");
            }

            s_handle = handle;
            IsBuiltIn = builtIn;
            s_loadedFrom = target;
            s_abi = abi;
            PythonExecutable = ExecutableOf(choice, target, abi);
            Version = version.Split(' ', 2)[0];
            NativeLibrary.SetDllImportResolver(typeof(PythonLibrary).Assembly, Resolve);
        }
    }

    /// <summary>
    /// The libpython that <paramref name="choice"/> names: itself when it names a library, else the
    /// library of the python executable it names (a bare name is looked up on PATH).
    /// </summary>
    /// <exception cref="PythonLibraryException">An executable whose library cannot be found.</exception>
    public static string LibraryOf(string choice)
    {
        string name = Path.GetFileName(choice);
        if (name.StartsWith("lib", StringComparison.Ordinal) && name.Contains(".so", StringComparison.Ordinal))
        {
            return choice;
        }

        string? executable = choice.Contains('/') ? choice : FindOnPath(choice);
        if (executable is null || !File.Exists(executable))
        {
            throw new PythonLibraryException(
                $"{choice} (from {ChoiceVariable} or the host's options) is neither a python executable nor a libpython; "
                + $"name one of CPython {CPythonAbi.SupportedList}, such as /usr/bin/python3.11 or {CPythonAbi.Default.Soname}");
        }

        string real = new FileInfo(executable).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(executable);
        string prefixLib = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(real)!) ?? "/", "lib");
        if (Directory.Exists(prefixLib))
        {
            string[] beside = Directory.GetFiles(prefixLib, "libpython3.*.so.1.0");
            if (beside.Length == 1)
            {
                return beside[0];
            }
        }

        if (MinorAfter(Path.GetFileName(real), "python3.") is int minor && Path.GetFileName(real) == $"python3.{minor}")
        {
            return $"libpython3.{minor}.so.1.0";
        }

        throw new PythonLibraryException(
            $"cannot find the shared library of {executable}; set {ChoiceVariable} to its libpython3.X.so.1.0 "
            + "(a python built without --enable-shared has none)");
    }

    /// <summary>
    /// The program's handle when CPython is linked into it and <paramref name="target"/> is the default
    /// library it stands for; zero when the program has none. Another CPython cannot be loaded beside a
    /// built-in one (its symbols would bind to the built-in ones): the sighost executable runs its
    /// <c>sighost-shared</c> twin for those, so reaching here with one is an error.
    /// </summary>
    private static nint BuiltIn(string target)
    {
        nint program = GlobalLibrary.Program();
        if (program == 0 || !GlobalLibrary.Exports(program, "Py_GetVersion"))
        {
            return 0;
        }

        string soname = CPythonAbi.Default.Soname;
        if (Path.GetFileName(target) != soname || (target.Contains('/') && !target.StartsWith("/usr/lib/", StringComparison.Ordinal)))
        {
            throw new PythonLibraryException(
                $"this program has CPython built in and cannot load {target} beside it; run sighost-shared, or a host without a built-in CPython");
        }

        return program;
    }

    private static string? ExecutableOf(string choice, string library, CPythonAbi abi)
    {
        if (library != choice)
        {
            // The choice named an executable.
            string? named = choice.Contains('/') ? choice : FindOnPath(choice);
            return named is null ? null : Path.GetFullPath(named);
        }

        string name = $"python{abi.Version}";
        string? beside = library.Contains('/') ? Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(library)))!, "bin", name) : null;
        return new[] { beside, $"/usr/bin/{name}", $"/usr/local/bin/{name}" }.FirstOrDefault(File.Exists);
    }

    /// <summary>The address of an exported function or variable of the loaded libpython.</summary>
    internal static nint Symbol(string name)
    {
        nint address = GlobalLibrary.Symbol(s_handle, name);
        return address != 0 ? address : throw new PythonLibraryException($"libpython does not export {name}");
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == Python.LibName ? s_handle : 0;

    private static CPythonAbi AbiOf(string target, string version)
    {
        CPythonAbi? abi = MinorAfter(version, "3.") is int minor ? CPythonAbi.ForMinor(minor) : null;
        if (abi is null)
        {
            string found = version.Split(' ', 2)[0];
            throw new PythonLibraryException(
                $"{target} is CPython {found}; sighost runs CPython {CPythonAbi.SupportedList} "
                + $"(Debian's 3.11: {CPythonAbi.Default.InstallHint}; other versions: {CPythonAbi.Supported[^1].InstallHint})");
        }

        return abi;
    }

    /// <summary>How to install the library <paramref name="target"/> names (its version read from the soname when it has one).</summary>
    private static string HintFor(string target)
    {
        CPythonAbi? abi = MinorAfter(Path.GetFileName(target), "libpython3.") is int minor ? CPythonAbi.ForMinor(minor) : null;
        return $"install it with: {(abi ?? CPythonAbi.Default).InstallHint}";
    }

    /// <summary>
    /// The shared libpython of the default version's python on PATH (<c>python3.11</c>), from its
    /// sysconfig (LIBDIR and LDLIBRARY); null when there is none, or it was built without one.
    /// Never inlined: the JIT would load System.Diagnostics.Process (two descriptors) into every
    /// process whose Load it recompiles, not only into those that fall back to this.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static string? LibraryOfPythonOnPath()
    {
        if (FindOnPath($"python{CPythonAbi.Default.Version}") is not string python)
        {
            return null;
        }

        var start = new System.Diagnostics.ProcessStartInfo(python, ["-S", "-c", "import sysconfig\nfor name in ('LIBDIR', 'LDLIBRARY'): print(sysconfig.get_config_var(name) or '')"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        try
        {
            using System.Diagnostics.Process process = System.Diagnostics.Process.Start(start)!;
            string[] lines = process.StandardOutput.ReadToEnd().Split('\n');
            process.WaitForExit();
            string? library = lines.Length >= 2 && lines[1].Contains(".so", StringComparison.Ordinal) ? Path.Combine(lines[0], lines[1]) : null;
            return library is not null && File.Exists(library) ? library : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);

    /// <summary>
    /// The number right after <paramref name="prefix"/> at the start of <paramref name="text"/>
    /// ("3.12.1 (main...)" after "3." is 12), or null. (No regular expressions: this runs at every start.)
    /// </summary>
    private static int? MinorAfter(string text, string prefix)
    {
        if (!text.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        int end = prefix.Length;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        return end > prefix.Length && end - prefix.Length <= 3 ? int.Parse(text.AsSpan(prefix.Length, end - prefix.Length), provider: null) : null;
    }
}
