using Python.Runtime;

namespace PlainHost;

/// <summary>Runs one Python file in CPython hosted by pythonnet alone: <c>PlainHost script.py</c>.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        Runtime.PythonDLL = Environment.GetEnvironmentVariable("PYTHONNET_PYDLL") ?? "libpython3.11.so.1.0";
        PythonEngine.Initialize();
        PythonEngine.BeginAllowThreads(); // else the process hangs at exit waiting for the GIL
        using (Py.GIL())
        {
            // As python3.11 runs a script: its directory first on sys.path (steady_state.py imports a sibling).
            string directory = Path.GetDirectoryName(Path.GetFullPath(args[0]))!;
            PythonEngine.RunSimpleString($"import sys\nsys.path.insert(0, {System.Text.Json.JsonSerializer.Serialize(directory)})\n" + File.ReadAllText(args[0]));
        }

        // pythonnet's shut-down is not what is measured; the script flushed its output.
        Environment.Exit(0);
        return 0;
    }
}
