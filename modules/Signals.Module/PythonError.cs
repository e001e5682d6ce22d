namespace Signals.Module;

/// <summary>The Python exception types the module raises.</summary>
public enum PythonErrorKind
{
    TypeError,
    ValueError,
    OverflowError,
    /// <summary>OSError (or the subclass CPython picks for the errno).</summary>
    OSError,
    /// <summary><c>signal.itimer_error</c>, an OSError subclass.</summary>
    ItimerError,
}

/// <summary>A Python exception to raise from a module function; the adapter turns it into one.</summary>
public sealed class PythonError : Exception
{
    private PythonError(PythonErrorKind kind, string message, int errno)
        : base(message)
    {
        Kind = kind;
        Errno = errno;
    }

    public PythonErrorKind Kind { get; }

    /// <summary>For <see cref="PythonErrorKind.OSError"/> and <see cref="PythonErrorKind.ItimerError"/>.</summary>
    public int Errno { get; }

    public static PythonError Type(string message) => new(PythonErrorKind.TypeError, message, 0);

    public static PythonError Value(string message) => new(PythonErrorKind.ValueError, message, 0);

    public static PythonError Overflow(string message) => new(PythonErrorKind.OverflowError, message, 0);

    public static PythonError OS(int errno) => new(PythonErrorKind.OSError, string.Empty, errno);

    /// <summary>OSError(errno, <paramref name="strerror"/>): an errno with the module's own explanation.</summary>
    public static PythonError OS(int errno, string strerror) => new(PythonErrorKind.OSError, strerror, errno);

    public static PythonError Itimer(int errno) => new(PythonErrorKind.ItimerError, string.Empty, errno);
}

/// <summary>
/// The engine already holds a Python exception (a handler raised while the module let pending
/// handlers run): the function returns with it.
/// </summary>
public sealed class PendingPythonException : Exception
{
    public PendingPythonException()
        : base("a Python exception is set in the engine")
    {
    }
}
