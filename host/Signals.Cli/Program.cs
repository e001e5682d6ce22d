using Signals.Engine.CPython;

namespace Signals.Cli;

/// <summary>
/// <c>sighost</c>: runs a Python command line in this .NET process exactly as <c>python3.11</c> would.
/// Started by the <c>host/sighost</c> launcher, which passes its own path as <c>argv[0]</c>, so
/// <c>sys.executable</c> names the launcher and child interpreters run <c>sighost</c> too.
/// </summary>
internal static class Program
{
    /// <summary>The product's version (Directory.Build.props), without the build metadata.</summary>
    private static string ProductVersion =>
        (typeof(Program).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "?")
        .Split('+')[0];

    private static int Main(string[] args)
    {
        try
        {
            IReadOnlyList<byte[]> argv = ProcessArguments.Read(args.Length);
            PythonLibrary.Load();
            // CPython prints its version line and exits during start-up; with -VV the product's line follows it.
            Action<int>? afterVersion = !ProcessArguments.AsksForVerboseVersion(argv) ? null : status =>
            {
                if (status == 0)
                {
                    Console.Out.WriteLine($"Signals.IronPython {ProductVersion} (CPython {PythonLibrary.Version})");
                    Console.Out.Flush();
                }
            };
            return CommandLine.Run(argv, afterVersion);
        }
        catch (PythonLibraryException e)
        {
            Console.Error.WriteLine($"sighost: {e.Message}");
            return 1;
        }
    }
}
