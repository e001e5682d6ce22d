extern alias PythonNet;

using System.Collections;
using PythonNet::Python.Runtime;

namespace Signals.Engine.CPython.Clr;

/// <summary>
/// Scopes (namespaces that keep their variables between runs) and value conversion, over pythonnet
/// attached to this process's interpreter. Every member runs on the interpreter's main thread with
/// the GIL held (<see cref="EmbeddedInterpreter"/> makes sure of both).
/// </summary>
internal static class ClrScopes
{
    private static int s_counter;

    public static InterpreterScope Create()
    {
        ClrBridge.EnsureAttached();
        return new InterpreterScope(Py.CreateScope($"scope{Interlocked.Increment(ref s_counter)}"));
    }

    public static CompiledCode Compile(string code, string fileName)
    {
        ClrBridge.EnsureAttached();
        return Translate(() => new CompiledCode(PythonEngine.Compile(code, fileName, RunFlagType.File)));
    }

    public static void Set(InterpreterScope scope, string name, object? value) =>
        Translate(() =>
        {
            using PyObject converted = ToPython(value);
            Module(scope).Set(name, converted);
            return 0;
        });

    public static bool TryGet(InterpreterScope scope, string name, Type type, out object? value)
    {
        object? found = null;
        bool exists = Translate(() =>
        {
            if (!Module(scope).TryGet(name, out PyObject? variable) || variable is null)
            {
                return false;
            }

            using (variable)
            {
                found = ToDotNet(variable, type);
            }

            return true;
        });
        value = found;
        return exists;
    }

    public static bool Contains(InterpreterScope scope, string name) => Translate(() => Module(scope).Contains(name));

    public static bool Remove(InterpreterScope scope, string name) =>
        Translate(() =>
        {
            if (!Module(scope).Contains(name))
            {
                return false;
            }

            Module(scope).Remove(name);
            return true;
        });

    public static IReadOnlyList<string> Names(InterpreterScope scope) =>
        Translate(() =>
        {
            using PyDict variables = Module(scope).Variables();
            using PyIterable keys = variables.Keys();
            var names = new List<string>();
            foreach (PyObject key in keys)
            {
                using (key)
                {
                    string name = key.As<string>();
                    if (!name.StartsWith("__", StringComparison.Ordinal))
                    {
                        names.Add(name);
                    }
                }
            }

            return (IReadOnlyList<string>)names;
        });

    public static void Execute(InterpreterScope scope, string code) =>
        Translate(() =>
        {
            Module(scope).Exec(code);
            return 0;
        });

    public static void Execute(InterpreterScope scope, CompiledCode code) =>
        Translate(() =>
        {
            using PyObject result = Module(scope).Execute((PyObject)code.Handle);
            return 0;
        });

    public static object? Evaluate(InterpreterScope scope, string expression, Type type) =>
        Translate(() =>
        {
            using PyObject result = Module(scope).Eval(expression);
            return ToDotNet(result, type);
        });

    public static object? Invoke(InterpreterScope scope, string name, Type type, object?[] arguments) =>
        Translate(() =>
        {
            using PyObject function = Module(scope).Get(name);
            PyObject[] converted = [.. arguments.Select(ToPython)];
            try
            {
                using PyObject result = function.Invoke(converted);
                return ToDotNet(result, type);
            }
            finally
            {
                foreach (PyObject argument in converted)
                {
                    argument.Dispose();
                }
            }
        });

    public static void Dispose(object handle) => ((PyObject)handle).Dispose();

    private static PyModule Module(InterpreterScope scope) => (PyModule)scope.Handle;

    /// <summary>A .NET value as Python sees it: numbers, strings and booleans become Python's; other objects stay .NET objects.</summary>
    private static PyObject ToPython(object? value) => value switch
    {
        null => PyObject.None,
        PyObject python => python.ToPython(),
        _ => value.ToPython(),
    };

    /// <summary>
    /// A Python value for .NET. Asked for <see cref="object"/>: None is null, bool, int (long, or
    /// BigInteger when it does not fit), float (double), str, list and tuple (List&lt;object?&gt;) and
    /// dict (Dictionary&lt;object, object?&gt;) become .NET's, converted element by element; a .NET object is
    /// given back unwrapped. Asked for another type: pythonnet's conversion to it.
    /// </summary>
    private static object? ToDotNet(PyObject value, Type type)
    {
        if (type != typeof(object))
        {
            if (value.IsNone() && !type.IsValueType)
            {
                return null;
            }

            object? converted;
            try
            {
                converted = value.AsManagedObject(type);
            }
            catch (InvalidCastException e)
            {
                throw new InvalidCastException($"a Python {value.GetPythonType().Name} cannot be converted to {type}", e);
            }

            if (converted is PyObject && type != typeof(PyObject))
            {
                throw new InvalidCastException($"a Python {value.GetPythonType().Name} cannot be converted to {type}");
            }

            return converted;
        }

        if (value.IsNone())
        {
            return null;
        }

        string typeName = value.GetPythonType().Name;
        switch (typeName)
        {
            case "bool":
                return value.As<bool>();
            case "int":
                try
                {
                    return value.As<long>();
                }
                catch (Exception e) when (e is OverflowException or InvalidCastException or PythonException)
                {
                    return System.Numerics.BigInteger.Parse(value.ToString()!, System.Globalization.CultureInfo.InvariantCulture);
                }

            case "float":
                return value.As<double>();
            case "str":
                return value.As<string>();
            case "list":
            case "tuple":
            {
                var items = new List<object?>();
                using var iterable = new PyIterable(value);
                foreach (PyObject item in iterable)
                {
                    using (item)
                    {
                        items.Add(ToDotNet(item, typeof(object)));
                    }
                }

                return items;
            }
            case "dict":
                var entries = new Dictionary<object, object?>();
                using (var dict = new PyDict(value))
                using (PyIterable keys = dict.Keys())
                {
                    foreach (PyObject key in keys)
                    {
                        using (key)
                        using (PyObject item = dict[key])
                        {
                            entries[ToDotNet(key, typeof(object)) ?? "None"] = ToDotNet(item, typeof(object));
                        }
                    }
                }

                return entries;
            default:
                return value.AsManagedObject(typeof(object));
        }
    }

    /// <summary>Runs <paramref name="body"/>; a Python exception becomes <see cref="PythonScriptException"/>.</summary>
    private static T Translate<T>(Func<T> body)
    {
        try
        {
            return body();
        }
        catch (PythonException e)
        {
            throw Describe(e);
        }
    }

    private static PythonScriptException Describe(PythonException e)
    {
        string module = e.Type.HasAttr("__module__") ? e.Type.GetAttr("__module__").ToString() ?? "builtins" : "builtins";
        string qualifiedName = e.Type.GetAttr("__qualname__").ToString() ?? "?";
        string typeName = module == "builtins" ? qualifiedName : $"{module}.{qualifiedName}";
        string message = e.Value is { } value ? value.ToString() ?? string.Empty : string.Empty;
        string traceback;
        try
        {
            // CPython's own formatting: "Traceback (most recent call last):", the frames, the exception line.
            using PyObject tracebackModule = Py.Import("traceback");
            using PyObject lines = tracebackModule.InvokeMethod(
                "format_exception", e.Type, e.Value ?? PyObject.None, e.Traceback ?? PyObject.None);
            using PyObject empty = new PyString(string.Empty);
            traceback = empty.InvokeMethod("join", lines).As<string>();
        }
        catch (Exception)
        {
            traceback = $"{typeName}: {message}";
        }

        return new PythonScriptException(typeName, message, traceback, e);
    }
}
