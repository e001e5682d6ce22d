using System.Diagnostics;
using Signals.Tests.Shared;

namespace Signals.Hosting.Tests;

/// <summary>
/// How an app finds libpython when Debian's soname is not there: the library of the python3.11 on
/// PATH, as its sysconfig names it. A child in its own mount namespace hides the soname (a bind
/// mount of /dev/null over it) and puts pyenv's 3.11 first on PATH; the host's children then run that
/// python. Needs root (the mount) and pyenv's 3.11.7, as on this project's machines.
/// </summary>
public class LibraryDiscoveryTests
{
    private const string DebianLibrary = "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0";

    [Test]
    public void Without_the_soname_the_app_loads_the_library_of_python3_11_on_PATH()
    {
        string pyenvBin = Path.Combine(Environment.GetEnvironmentVariable("PYENV_ROOT") ?? "/root/.pyenv", "versions", "3.11.7", "bin");
        if (Environment.UserName != "root" || !File.Exists(DebianLibrary) || !File.Exists(Path.Combine(pyenvBin, "python3.11")))
        {
            Assert.Ignore($"needs root, {DebianLibrary} and {pyenvBin}/python3.11");
        }

        string app = Path.Combine(Repository.Root(), "artifacts", "bin", "Signals.TestApp", "release", "Signals.TestApp");
        var start = new ProcessStartInfo("unshare", ["-m", "bash", "-c", $"mount --bind /dev/null {DebianLibrary} && exec \"$0\" host-children", app])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PATH"] = $"{pyenvBin}:{Environment.GetEnvironmentVariable("PATH")}";
        using Process child = Process.Start(start)!;
        Task<string> error = child.StandardError.ReadToEndAsync();
        string output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();

        Assert.That(output, Does.Contain($"sys.executable {pyenvBin}/python3.11").And.Contain("outcome: exit 0"), error.Result);
    }
}
