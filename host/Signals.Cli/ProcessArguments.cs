using System.Text;

namespace Signals.Cli;

/// <summary>
/// The process's command line as the bytes the kernel holds, so arguments that are not valid UTF-8
/// reach CPython unchanged (it decodes them with its own locale rules and surrogateescape).
/// </summary>
internal static class ProcessArguments
{
    /// <summary>
    /// Returns <c>argv[0]</c> (the name the launcher gave with <c>exec -a</c>) followed by the last
    /// <paramref name="applicationArgumentCount"/> entries: the application's own arguments, whatever
    /// host program (apphost or <c>dotnet app.dll</c>) precedes them.
    /// </summary>
    public static IReadOnlyList<byte[]> Read(int applicationArgumentCount)
    {
        byte[] raw = File.ReadAllBytes("/proc/self/cmdline");
        var entries = new List<byte[]>();
        int start = 0;
        for (int i = 0; i < raw.Length; i++)
        {
            if (raw[i] == 0)
            {
                entries.Add(raw[start..i]);
                start = i + 1;
            }
        }

        if (start < raw.Length)
        {
            entries.Add(raw[start..]);
        }

        if (entries.Count < applicationArgumentCount + 1)
        {
            // /proc not readable as expected: fall back to what .NET decoded.
            return [Encoding.UTF8.GetBytes(Environment.ProcessPath ?? "sighost"),
                .. Environment.GetCommandLineArgs().Skip(1).Select(Encoding.UTF8.GetBytes)];
        }

        return [entries[0], .. entries.Skip(entries.Count - applicationArgumentCount)];
    }
}
