namespace Signals.Engine.CPython;

/// <summary>libpython could not be loaded or is not the version the adapter speaks.</summary>
public sealed class PythonLibraryException : Exception
{
    public PythonLibraryException(string message)
        : base(message)
    {
    }
}
