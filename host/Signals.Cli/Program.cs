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
            HandOverToNativeLauncher(argv);
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

    /// <summary>
    /// Installed as a dotnet tool, this assembly is started by the tool's shim, which is not an
    /// interpreter: children, venvs and shebang lines need <c>sys.executable</c> to be one. The tool
    /// package carries the native launchers (host/native/sighost_main.c) beside this assembly; the
    /// process becomes <c>sighost</c>, with the same arguments, and from there on runs as
    /// host/sighost does. Started by a native launcher (any of them, any copy: they link the thread
    /// guard in, which this process then has), or where no launcher is beside it, nothing happens.
    /// </summary>
    private static void HandOverToNativeLauncher(IReadOnlyList<byte[]> argv)
    {
        string launcher = Path.Combine(AppContext.BaseDirectory, "sighost");
        if (!OperatingSystem.IsLinux() || !File.Exists(launcher) || Signals.Core.ProcessImage.ThreadGuardLoaded)
        {
            return;
        }

        // NuGet does not keep file modes: the launchers arrive without their execute bits.
        foreach (string executable in new[] { launcher, Path.Combine(AppContext.BaseDirectory, "sighost-shared") })
        {
            if (File.Exists(executable) && !File.GetUnixFileMode(executable).HasFlag(UnixFileMode.UserExecute))
            {
                File.SetUnixFileMode(executable, File.GetUnixFileMode(executable) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            }
        }

        Signals.Core.ProcessImage.Replace(launcher, [System.Text.Encoding.UTF8.GetBytes(launcher), .. argv.Skip(1)]);
    }
}
