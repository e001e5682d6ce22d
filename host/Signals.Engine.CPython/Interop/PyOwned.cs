namespace Signals.Engine.CPython.Interop;

/// <summary>
/// An owned (strong) reference to a Python object: whoever holds it gives it up exactly once, by
/// disposing it (<c>Py_DecRef</c>) or by handing it on with <see cref="Steal"/> to a call or a caller
/// that takes ownership (a stealing C-API call, a returned new reference). A plain <c>nint</c> in the
/// adapter is a borrowed reference: valid while its owner keeps it, never released by the borrower.
/// The empty reference (NULL) disposes to nothing.
/// </summary>
/// <remarks>
/// A <c>using</c> variable is read-only, so its reference cannot be stolen (C# would steal from a
/// copy and the original would still be released): hand a reference on from a plain local, in a
/// <c>try</c>/<c>finally</c> that disposes it when the hand-over did not happen.
/// </remarks>
internal struct PyOwned : IDisposable
{
    private nint _handle;

    private PyOwned(nint handle) => _handle = handle;

    /// <summary>Takes ownership of the new reference a C-API call returned; NULL (a Python exception is set) throws <see cref="Signals.Module.PendingPythonException"/>.</summary>
    public static PyOwned Of(nint newReference) => new(PythonApi.Check(newReference));

    /// <summary>Takes ownership of a new reference that may be NULL (then this reference is empty).</summary>
    public static PyOwned OfNullable(nint newReference) => new(newReference);

    /// <summary>A new reference to <paramref name="borrowed"/> (<c>Py_NewRef</c>).</summary>
    public static PyOwned NewReference(nint borrowed)
    {
        Python.Py_IncRef(borrowed);
        return new(borrowed);
    }

    /// <summary>The object, borrowed from this owner for as long as it holds it.</summary>
    public readonly nint Borrow => _handle;

    /// <summary>Whether the reference is NULL.</summary>
    public readonly bool IsNull => _handle == 0;

    /// <summary>Hands the reference on: returns it and leaves this holder empty.</summary>
    public nint Steal()
    {
        nint handle = _handle;
        _handle = 0;
        return handle;
    }

    /// <summary>Releases the reference (if any).</summary>
    public void Dispose()
    {
        nint handle = _handle;
        _handle = 0;
        if (handle != 0)
        {
            Python.Py_DecRef(handle);
        }
    }
}
