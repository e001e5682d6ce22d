using System.Text;

namespace Signals.Cli;

/// <summary>
/// The process's command line as the bytes the kernel holds, so arguments that are not valid UTF-8
/// reach CPython unchanged (it decodes them with its own locale rules and surrogateescape).
/// </summary>
internal static class ProcessArguments
{
    /// <summary>
    /// Whether the options (before the script, <c>-c</c> or <c>-m</c>) ask for the version twice
    /// (<c>-VV</c>, <c>-V -V</c>), as CPython's <c>-VV</c>.
    /// </summary>
    public static bool AsksForVerboseVersion(IReadOnlyList<byte[]> argv)
    {
        int versions = 0;
        for (int i = 1; i < argv.Count; i++)
        {
            string option = Encoding.UTF8.GetString(argv[i]);
            if (option.Length < 2 || option[0] != '-' || option == "--" || option.StartsWith("--", StringComparison.Ordinal))
            {
                if (option == "--version")
                {
                    versions++;
                    continue;
                }

                break;
            }

            for (int at = 1; at < option.Length; at++)
            {
                char letter = option[at];
                if (letter == 'V')
                {
                    versions++;
                }
                else if (letter is 'c' or 'm')
                {
                    return versions >= 2; // the command or module, then its own arguments
                }
                else if (letter is 'W' or 'X')
                {
                    i += at + 1 == option.Length ? 1 : 0; // the value: the rest of the argument, or the next one
                    break;
                }
            }
        }

        return versions >= 2;
    }

    /// <summary>
    /// Returns <c>argv[0]</c> (the name the launcher gave with <c>exec -a</c>) followed by the last
    /// <paramref name="applicationArgumentCount"/> entries: the application's own arguments, whatever
    /// host program (apphost or <c>dotnet app.dll</c>) precedes them.
    /// </summary>
    public static IReadOnlyList<byte[]> Read(int applicationArgumentCount)
    {
        IReadOnlyList<byte[]>? entries = Signals.Core.ProcessImage.CommandLine();
        if (entries is null || entries.Count < applicationArgumentCount + 1)
        {
            // /proc not readable as expected: fall back to what .NET decoded.
            return [Encoding.UTF8.GetBytes(Environment.ProcessPath ?? "sighost"),
                .. Environment.GetCommandLineArgs().Skip(1).Select(Encoding.UTF8.GetBytes)];
        }

        return [entries[0], .. entries.Skip(entries.Count - applicationArgumentCount)];
    }
}
