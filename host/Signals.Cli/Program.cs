using Signals.Engine.CPython;

namespace Signals.Cli;

/// <summary>
/// <c>sighost</c>: runs a Python command line in this .NET process exactly as <c>python3.11</c> would.
/// Started by the <c>host/sighost</c> launcher, which passes its own path as <c>argv[0]</c>, so
/// <c>sys.executable</c> names the launcher and child interpreters run <c>sighost</c> too.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        try
        {
            IReadOnlyList<byte[]> argv = ProcessArguments.Read(args.Length);
            PythonLibrary.Load();
            return CommandLine.Run(argv);
        }
        catch (PythonLibraryException e)
        {
            Console.Error.WriteLine($"sighost: {e.Message}");
            return 1;
        }
    }
}
