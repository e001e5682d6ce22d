using System.Runtime.InteropServices;
using Signals.Engine.CPython.Interop;
using Signals.Module;

namespace Signals.Engine.CPython;

/// <summary>
/// Small helpers over the C API shared by the adapter: the interpreter's singletons and exception
/// types, conversions with CPython's own converters (so their messages are CPython's), and the one
/// place that turns a module error into a Python exception.
/// </summary>
internal static unsafe class PythonApi
{
    private static nint s_none;
    private static nint s_typeError;
    private static nint s_valueError;
    private static nint s_overflowError;
    private static nint s_osError;
    private static nint s_systemError;
    private static nint s_runtimeWarning;
    private static nint s_keyboardInterrupt;
    private static nint s_intType;

    /// <summary>Reads the interpreter's singletons; libpython must be loaded.</summary>
    public static void Bind()
    {
        s_none = PythonLibrary.Symbol("_Py_NoneStruct");
        s_typeError = ExceptionType("PyExc_TypeError");
        s_valueError = ExceptionType("PyExc_ValueError");
        s_overflowError = ExceptionType("PyExc_OverflowError");
        s_osError = ExceptionType("PyExc_OSError");
        s_systemError = ExceptionType("PyExc_SystemError");
        s_runtimeWarning = ExceptionType("PyExc_RuntimeWarning");
        s_keyboardInterrupt = ExceptionType("PyExc_KeyboardInterrupt");
        s_intType = PythonLibrary.Symbol("PyLong_Type");
    }

    /// <summary><c>Py_TYPE</c>: the type of <paramref name="obj"/> (borrowed: an object keeps its type alive).</summary>
    public static nint TypeOf(nint obj) => *(nint*)(obj + CPythonAbi.ObjectTypeOffset);

    /// <summary><c>PyLong_CheckExact</c>.</summary>
    public static bool IsExactInt(nint obj) => TypeOf(obj) == s_intType;

    public static nint None => s_none;

    public static nint OSErrorType => s_osError;

    public static nint RuntimeWarning => s_runtimeWarning;

    public static nint KeyboardInterrupt => s_keyboardInterrupt;

    /// <summary>The text of <paramref name="obj"/> (<c>str(obj)</c>), or null.</summary>
    public static string? Str(nint obj)
    {
        nint text = Python.PyObject_Str(obj);
        if (text == 0)
        {
            ClearError();
            return null;
        }

        string? result = Marshal.PtrToStringUTF8(Python.PyUnicode_AsUTF8(text));
        Python.Py_DecRef(text);
        return result;
    }

    /// <summary>Drops the current exception, if any.</summary>
    public static void ClearError()
    {
        nint type, value, traceback;
        Python.PyErr_Fetch(&type, &value, &traceback);
        Python.Py_DecRef(type);
        Python.Py_DecRef(value);
        Python.Py_DecRef(traceback);
    }

    /// <summary>Looks up <c>module.attribute</c> (a bare name is looked up in <c>builtins</c>); new reference or 0.</summary>
    public static nint Resolve(string dottedName)
    {
        int dot = dottedName.LastIndexOf('.');
        string module = dot < 0 ? "builtins" : dottedName[..dot];
        nint imported = Python.PyImport_ImportModule(module);
        if (imported == 0)
        {
            return 0;
        }

        nint attribute = Python.PyObject_GetAttrString(imported, dottedName[(dot + 1)..]);
        Python.Py_DecRef(imported);
        return attribute;
    }

    /// <summary>
    /// Calls <paramref name="module"/>.<paramref name="attribute"/>(*<paramref name="args"/>) and returns
    /// its result (owned). <paramref name="args"/>, a new tuple, is used up. A failure throws
    /// <see cref="PendingPythonException"/> with the exception set.
    /// </summary>
    public static PyOwned CallResolved(string module, string attribute, nint args)
    {
        using PyOwned arguments = PyOwned.OfNullable(args);
        using PyOwned callable = PyOwned.Of(Resolve(module + "." + attribute));
        return PyOwned.Of(Python.PyObject_Call(callable.Borrow, arguments.Borrow, 0));
    }

    /// <summary>A new reference to None.</summary>
    public static nint NewNone()
    {
        Python.Py_IncRef(s_none);
        return s_none;
    }

    /// <summary>Throws <see cref="PendingPythonException"/> when <paramref name="obj"/> is NULL (an exception is set).</summary>
    public static nint Check(nint obj) => obj != 0 ? obj : throw new PendingPythonException();

    /// <summary>
    /// A C <c>int</c> argument, as Argument Clinic's <c>int</c> converter takes it in every supported
    /// version (<c>__index__</c>, then the range of a C int).
    /// </summary>
    public static int ToInt(nint obj)
    {
        int overflow;
        long value = IsExactInt(obj) ? Python.PyLong_AsLongAndOverflowOfExactInt(obj, &overflow) : Python.PyLong_AsLongAndOverflow(obj, &overflow);
        if (value == -1 && overflow == 0 && Python.PyErr_Occurred() != 0)
        {
            throw new PendingPythonException();
        }

        return overflow == 0 && value is >= int.MinValue and <= int.MaxValue
            ? (int)value
            : throw PythonError.Overflow(Messages.IntTooLargeForCInt);
    }

    /// <summary>Seconds as nanoseconds rounded up (<c>_PyTime_FromSecondsObject</c>, ROUND_CEILING).</summary>
    public static long ToNanoseconds(nint obj)
    {
        long nanoseconds;
        if (Python._PyTime_FromSecondsObject(&nanoseconds, obj, Python.RoundCeiling) < 0)
        {
            throw new PendingPythonException();
        }

        return nanoseconds;
    }

    public static nint NewInt(long value) => Check(Python.PyLong_FromLong((nint)value));

    /// <summary>A new Python set of ints.</summary>
    public static nint NewIntSet(IEnumerable<int> values)
    {
        nint set = Check(Python.PySet_New(0));
        foreach (int value in values)
        {
            nint item = Python.PyLong_FromLong(value);
            int added = item == 0 ? -1 : Python.PySet_Add(set, item);
            Python.Py_DecRef(item);
            if (added < 0)
            {
                Python.Py_DecRef(set);
                throw new PendingPythonException();
            }
        }

        return set;
    }

    /// <summary>
    /// A new, empty <c>__main__</c> module put in <c>sys.modules</c> in place of the previous one, with
    /// <c>__builtins__</c> and, for a script file, <c>__file__</c>; returns its namespace (new reference).
    /// </summary>
    public static nint NewMainModule(string? file)
    {
        nint moduleType = Check(Resolve("types.ModuleType"));
        nint args = NewTuple(Check(Python.PyUnicode_FromString("__main__")));
        nint module = Python.PyObject_Call(moduleType, args, 0);
        Python.Py_DecRef(args);
        Python.Py_DecRef(moduleType);
        Check(module);
        try
        {
            nint globals = Python.PyModule_GetDict(module);
            nint path = file is null ? 0 : Check(Python.PyUnicode_FromString(file));
            bool ok = Python.PyDict_SetItemString(globals, "__builtins__", Python.PyEval_GetBuiltins()) == 0
                && (path == 0 || Python.PyDict_SetItemString(globals, "__file__", path) == 0)
                && Python.PyDict_SetItemString(Python.PyImport_GetModuleDict(), "__main__", module) == 0;
            Python.Py_DecRef(path);
            if (!ok)
            {
                throw new PendingPythonException();
            }

            Python.Py_IncRef(globals);
            return globals;
        }
        finally
        {
            Python.Py_DecRef(module);
        }
    }

    /// <summary>
    /// Puts <paramref name="code"/> in <c>linecache</c> under <paramref name="fileName"/>, with no
    /// modification time (so <c>checkcache</c> keeps it), as CPython does for source it has no file
    /// for: tracebacks of code run from a string then show its lines.
    /// </summary>
    public static void RegisterSource(string fileName, string code)
    {
        string[] parts = code.Split('\n');
        int count = parts[^1].Length == 0 ? parts.Length - 1 : parts.Length;
        var lines = new nint[count];
        for (int i = 0; i < count; i++)
        {
            lines[i] = Python.PyUnicode_FromString(i < parts.Length - 1 ? parts[i] + "\n" : parts[i]);
            if (lines[i] == 0)
            {
                foreach (nint made in lines.AsSpan(0, i))
                {
                    Python.Py_DecRef(made);
                }

                throw new PendingPythonException();
            }
        }

        nint lineTuple = NewTuple(lines);
        nint size = Python.PyLong_FromLong(code.Length);
        nint name = Python.PyUnicode_FromString(fileName);
        if (size == 0 || name == 0)
        {
            Python.Py_DecRef(size);
            Python.Py_DecRef(name);
            Python.Py_DecRef(lineTuple);
            throw new PendingPythonException();
        }

        nint entry = NewTuple(size, NewNone(), lineTuple, name);
        nint cache = Resolve("linecache.cache");
        int stored = cache == 0 ? -1 : Python.PyDict_SetItemString(cache, fileName, entry);
        Python.Py_DecRef(cache);
        Python.Py_DecRef(entry);
        if (stored < 0)
        {
            throw new PendingPythonException();
        }
    }

    /// <summary>A new pair that takes ownership of both items; without the array of the general
    /// overload (the signal trampoline makes one for every handler call). Not a <c>params
    /// ReadOnlySpan</c> overload: its framework helpers would be JIT-compiled at every start.</summary>
    public static nint NewTuple(nint first, nint second)
    {
        nint tuple = Python.PyTuple_New(2);
        if (tuple == 0)
        {
            Python.Py_DecRef(first);
            Python.Py_DecRef(second);
            throw new PendingPythonException();
        }

        Python.PyTuple_SetItem(tuple, 0, first);
        Python.PyTuple_SetItem(tuple, 1, second);
        return tuple;
    }

    /// <summary>A new tuple that takes ownership of <paramref name="items"/>.</summary>
    public static nint NewTuple(params nint[] items)
    {
        nint tuple = Python.PyTuple_New(items.Length);
        if (tuple == 0)
        {
            foreach (nint item in items)
            {
                Python.Py_DecRef(item);
            }

            throw new PendingPythonException();
        }

        for (int i = 0; i < items.Length; i++)
        {
            Python.PyTuple_SetItem(tuple, i, items[i]);
        }

        return tuple;
    }

    /// <summary>
    /// Sets <paramref name="type"/>(errno, strerror) as the current exception; for OSError itself the
    /// constructor picks the subclass (BlockingIOError for EAGAIN, ...), as <c>PyErr_SetFromErrno</c>.
    /// </summary>
    public static void SetErrno(nint type, int errno, string? strerror = null)
    {
        nint args = NewTuple(Check(Python.PyLong_FromLong(errno)), Check(Python.PyUnicode_FromString(strerror ?? Marshal.GetPInvokeErrorMessage(errno))));
        nint exception = Python.PyObject_Call(type, args, 0);
        Python.Py_DecRef(args);
        if (exception == 0)
        {
            return;
        }

        nint actualType = Python.PyObject_Type(exception);
        Python.PyErr_SetObject(actualType, exception);
        Python.Py_DecRef(actualType);
        Python.Py_DecRef(exception);
    }

    /// <summary>
    /// Runs the body of a module function called from Python: its result, or NULL with the Python
    /// exception set. No .NET exception ever crosses back into the interpreter.
    /// </summary>
    public static nint Guard(Func<nint> body, nint itimerErrorType)
    {
        try
        {
            return body();
        }
        catch (Exception e)
        {
            return Fail(e, itimerErrorType);
        }
    }

    /// <summary>What <see cref="Guard"/> does with a failure: sets the matching Python exception (unless one is set already); returns NULL.</summary>
    public static nint Fail(Exception failure, nint itimerErrorType)
    {
        if (failure is PendingPythonException)
        {
            return 0;
        }

        if (failure is PythonError e)
        {
            switch (e.Kind)
            {
                case PythonErrorKind.TypeError:
                    Python.PyErr_SetString(s_typeError, e.Message);
                    break;
                case PythonErrorKind.ValueError:
                    Python.PyErr_SetString(s_valueError, e.Message);
                    break;
                case PythonErrorKind.OverflowError:
                    Python.PyErr_SetString(s_overflowError, e.Message);
                    break;
                case PythonErrorKind.OSError:
                    SetErrno(s_osError, e.Errno, e.Message.Length > 0 ? e.Message : null);
                    break;
                case PythonErrorKind.ItimerError:
                    SetErrno(itimerErrorType, e.Errno);
                    break;
            }

            return 0;
        }

        Python.PyErr_SetString(s_systemError, $"sighost: {failure.GetType().Name}: {failure.Message}");
        return 0;
    }

    /// <summary>Allocates a NUL-terminated UTF-8 copy that lives as long as the process.</summary>
    public static nint PermanentUtf8(string text) => Marshal.StringToCoTaskMemUTF8(text);

    private static nint ExceptionType(string symbol) => *(nint*)PythonLibrary.Symbol(symbol);
}
