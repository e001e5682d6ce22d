using System.Diagnostics;
using System.Text;
using Signals.Tests.Shared;

namespace Signals.Cli.Tests;

/// <summary>What one run of an interpreter left behind.</summary>
/// <param name="ExitCode">The exit status; for a death by signal N, what CPython's subprocess reports: -N.</param>
/// <param name="Stdout">Everything written to stdout.</param>
/// <param name="Stderr">Everything written to stderr.</param>
internal sealed record RunResult(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// Starts <c>host/sighost</c> or <c>/usr/bin/python3.11</c> as a real child process.
/// </summary>
/// <remarks>
/// The child is started through a small CPython "reporter" (<c>/usr/bin/python3.11</c> running
/// <c>subprocess.run</c>), because .NET's <see cref="Process.ExitCode"/> folds a death by SIGINT into
/// 130, which a plain <c>exit(130)</c> also gives; CPython's <c>returncode</c> keeps them apart (-2).
/// </remarks>
internal static class Interpreter
{
    public const string Reference = "/usr/bin/python3.11";

    private const string ReporterCode = """
        import os, subprocess, sys
        spec = sys.stdin.buffer.read().split(b'\0')
        cwd, stdin_data, exe, args = spec[0].decode(), spec[1], spec[2].decode(), [a.decode() for a in spec[3:]]
        r = subprocess.run([exe, *args], input=stdin_data, capture_output=True, cwd=cwd or None)
        sys.stdout.buffer.write(b'%d\0' % r.returncode + r.stdout + b'\0' + r.stderr)
        """;

    /// <summary>The launcher under test: <c>host/sighost</c> of this checkout.</summary>
    public static string Sighost { get; } = Path.Combine(Repository.Root(), "host", "sighost");

    /// <summary>The executable the launcher runs, which is <c>sys.executable</c>: <c>artifacts/sighost/sighost</c>.</summary>
    public static string Executable { get; } = Path.Combine(Repository.Root(), "artifacts", "sighost", "sighost");

    public static RunResult Run(
        string executable,
        IEnumerable<string> args,
        string stdin = "",
        IDictionary<string, string?>? environment = null,
        string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(Reference, ["-I", "-c", ReporterCode])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The caller's PYTHON* settings (PYTHONUNBUFFERED, say) would change what is compared.
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("PYTHON", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach ((string name, string? value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        using Process process = Process.Start(start)!;
        string spec = string.Join('\0', [workingDirectory ?? string.Empty, stdin, executable, .. args]);
        process.StandardInput.Write(spec);
        process.StandardInput.Close();
        Task<string> reporterErrors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{executable} {string.Join(' ', args)} did not end within 2 minutes");
        }

        string[] parts = output.Split('\0', 3);
        if (process.ExitCode != 0 || parts.Length != 3)
        {
            Assert.Fail($"the reporter failed ({process.ExitCode}): {reporterErrors.Result}");
        }

        return new RunResult(int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), parts[1], parts[2]);
    }

    public static RunResult Run(string executable, params string[] args) => Run(executable, (IEnumerable<string>)args);

    /// <summary>Replaces each interpreter's own path (for sighost, its executable's too) by a placeholder so outputs compare.</summary>
    public static string Normalise(string text, string executable) =>
        new StringBuilder(text).Replace(executable == Sighost ? Executable : executable, "<exe>").Replace(executable, "<exe>").ToString();
}
