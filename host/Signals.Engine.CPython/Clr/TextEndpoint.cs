namespace Signals.Engine.CPython.Clr;

/// <summary>
/// What <c>dotnet_streams.py</c> calls: one method per operation, none overloaded. Calling
/// <see cref="TextWriter.Write(string)"/> from Python directly makes pythonnet try each of its
/// overloads and decode the errors of those that do not fit, which runs Python code inside
/// pythonnet's binder at every write. Public only because pythonnet binds public members.
/// </summary>
public sealed class TextEndpoint
{
    private readonly TextWriter? _writer;
    private readonly TextReader? _reader;

    internal TextEndpoint(TextWriter writer) => _writer = writer;

    internal TextEndpoint(TextReader reader) => _reader = reader;

    /// <summary>Writes <paramref name="text"/> to the .NET writer (a script's <c>write</c>).</summary>
    public void WriteText(string text) => Writer.Write(text);

    /// <summary>Flushes the .NET writer (a script's <c>flush</c>).</summary>
    public void FlushText() => Writer.Flush();

    /// <summary>The next line without its end, or null at the end of the input.</summary>
    public string? ReadLineText() => Reader.ReadLine();

    /// <summary>Reads the .NET reader to its end (a script's <c>read()</c>).</summary>
    public string ReadAllText() => Reader.ReadToEnd();

    /// <summary>The next character's code, or -1 at the end of the input.</summary>
    public int ReadCharacter() => Reader.Read();

    private TextWriter Writer => _writer ?? throw new InvalidOperationException("a reader has no writing side");

    private TextReader Reader => _reader ?? throw new InvalidOperationException("a writer has no reading side");
}
