namespace Signals.Module;

/// <summary>The Python exception types the module raises.</summary>
public enum PythonErrorKind
{
    /// <summary>Python's TypeError.</summary>
    TypeError,
    /// <summary>Python's ValueError.</summary>
    ValueError,
    /// <summary>Python's OverflowError.</summary>
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

    /// <summary>The Python exception type to raise.</summary>
    public PythonErrorKind Kind { get; }

    /// <summary>For <see cref="PythonErrorKind.OSError"/> and <see cref="PythonErrorKind.ItimerError"/>.</summary>
    public int Errno { get; }

    /// <summary>A TypeError with <paramref name="message"/>.</summary>
    public static PythonError Type(string message) => new(PythonErrorKind.TypeError, message, 0);

    /// <summary>A ValueError with <paramref name="message"/>.</summary>
    public static PythonError Value(string message) => new(PythonErrorKind.ValueError, message, 0);

    /// <summary>An OverflowError with <paramref name="message"/>.</summary>
    public static PythonError Overflow(string message) => new(PythonErrorKind.OverflowError, message, 0);

    /// <summary>An OSError for <paramref name="errno"/>, worded by the engine as CPython words it.</summary>
    public static PythonError OS(int errno) => new(PythonErrorKind.OSError, string.Empty, errno);

    /// <summary>OSError(errno, <paramref name="strerror"/>): an errno with the module's own explanation.</summary>
    public static PythonError OS(int errno, string strerror) => new(PythonErrorKind.OSError, strerror, errno);

    /// <summary>A <c>signal.ItimerError</c> for <paramref name="errno"/>.</summary>
    public static PythonError Itimer(int errno) => new(PythonErrorKind.ItimerError, string.Empty, errno);
}

/// <summary>
/// The engine already holds a Python exception (a handler raised while the module let pending
/// handlers run): the function returns with it.
/// </summary>
public sealed class PendingPythonException : Exception
{
    /// <summary>The exception the engine has already set (a handler raised it, or a conversion failed).</summary>
    public PendingPythonException()
        : base("a Python exception is set in the engine")
    {
    }
}
