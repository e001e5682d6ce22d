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
            PythonEngine.RunSimpleString(File.ReadAllText(args[0]));
        }

        // pythonnet's shut-down is not what is measured; the script flushed its output.
        Environment.Exit(0);
        return 0;
    }
}
