namespace Signals.Engine.CPython;

/// <summary>libpython could not be loaded or is not the version the adapter speaks.</summary>
public sealed class PythonLibraryException : Exception
{
    /// <summary>A failure to find, load or check libpython, described by <paramref name="message"/>.</summary>
    public PythonLibraryException(string message)
        : base(message)
    {
    }
}
