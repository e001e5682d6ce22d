extern alias PythonNet;

using PythonNet::Python.Runtime;

namespace Signals.Engine.CPython.Clr;

/// <summary>
/// Points <c>sys.stdout</c>, <c>sys.stderr</c> and <c>sys.stdin</c> at .NET writers and readers for the
/// length of a call (<c>dotnet_streams.py</c> holds the Python side). On the interpreter's thread, GIL held.
/// </summary>
internal static class ClrStreams
{
    private const string Resource = "Signals.Engine.CPython.Clr.dotnet_streams.py";
    private static PyModule? s_classes;

    /// <summary>Swaps the streams given (null: left as they are); the result puts the previous ones back.</summary>
    public static Redirection Redirect(TextWriter? output, TextWriter? error, TextReader? input)
    {
        ClrBridge.EnsureAttached();
        PyModule classes = s_classes ??= LoadClasses();
        using PyObject sys = Py.Import("sys");
        var saved = new List<(string Name, PyObject Previous, PyObject Current)>();
        void Swap(string name, PyObject replacement)
        {
            PyObject previous = sys.GetAttr(name);
            Flush(previous);
            sys.SetAttr(name, replacement);
            saved.Add((name, previous, replacement));
        }

        if (output is not null)
        {
            Swap("stdout", classes.Get("DotNetWriter").Invoke(new TextEndpoint(output).ToPython(), new PyString("<stdout>")));
        }

        if (error is not null)
        {
            Swap("stderr", classes.Get("DotNetWriter").Invoke(new TextEndpoint(error).ToPython(), new PyString("<stderr>")));
        }

        if (input is not null)
        {
            Swap("stdin", classes.Get("DotNetReader").Invoke(new TextEndpoint(input).ToPython()));
        }

        return new Redirection(saved);
    }

    private static PyModule LoadClasses()
    {
        using Stream stream = typeof(ClrStreams).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"{Resource} is missing from the assembly");
        using var reader = new StreamReader(stream);
        PyModule module = Py.CreateScope("sighost_dotnet_streams");
        module.Exec(reader.ReadToEnd());
        return module;
    }

    private static void Flush(PyObject stream)
    {
        try
        {
            if (!stream.IsNone() && stream.HasAttr("flush"))
            {
                stream.InvokeMethod("flush").Dispose();
            }
        }
        catch (PythonException)
        {
            // A stream that cannot flush (closed by the script) is replaced all the same.
        }
    }

    /// <summary>Flushes the captured streams and puts the previous ones back.</summary>
    internal sealed class Redirection(List<(string Name, PyObject Previous, PyObject Current)> saved)
    {
        public void Restore()
        {
            using PyObject sys = Py.Import("sys");
            for (int i = saved.Count - 1; i >= 0; i--)
            {
                (string name, PyObject previous, PyObject current) = saved[i];
                Flush(current);
                sys.SetAttr(name, previous);
                previous.Dispose();
                current.Dispose();
            }
        }
    }
}
