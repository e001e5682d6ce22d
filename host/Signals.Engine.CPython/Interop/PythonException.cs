namespace Signals.Engine.CPython.Interop;

/// <summary>
/// The exception a failed C-API call left set, taken out of the interpreter (owned): normalised,
/// its traceback attached to the value. Put it back with <see cref="Restore"/> or release it with
/// <see cref="Dispose"/>.
/// </summary>
internal unsafe struct PythonException : IDisposable
{
    private PyOwned _type;
    private PyOwned _value;
    private PyOwned _traceback;

    /// <summary>Takes the current exception (<c>PyErr_Fetch</c>, normalised); all three are NULL when none was set.</summary>
    public static PythonException Fetch()
    {
        nint type, value, traceback;
        Python.PyErr_Fetch(&type, &value, &traceback);
        Python.PyErr_NormalizeException(&type, &value, &traceback);
        if (traceback != 0)
        {
            Python.PyException_SetTraceback(value, traceback);
        }

        return new PythonException
        {
            _type = PyOwned.OfNullable(type),
            _value = PyOwned.OfNullable(value),
            _traceback = PyOwned.OfNullable(traceback),
        };
    }

    /// <summary>The exception's type (borrowed).</summary>
    public readonly nint Type => _type.Borrow;

    /// <summary>The exception instance (borrowed).</summary>
    public readonly nint Value => _value.Borrow;

    /// <summary>Makes <paramref name="context"/>'s value this exception's <c>__context__</c>; <paramref name="context"/> is used up.</summary>
    public void SetContext(ref PythonException context)
    {
        Python.PyException_SetContext(_value.Borrow, context._value.Steal()); // steals the reference
        context.Dispose();
    }

    /// <summary>Sets it as the current exception again (<c>PyErr_Restore</c> takes the references).</summary>
    public void Restore() => Python.PyErr_Restore(_type.Steal(), _value.Steal(), _traceback.Steal());

    /// <summary>Releases what was not restored.</summary>
    public void Dispose()
    {
        _type.Dispose();
        _value.Dispose();
        _traceback.Dispose();
    }
}
