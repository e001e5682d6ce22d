namespace Signals.Tests.Shared;

/// <summary>Where the checkout is, seen from a test's output directory.</summary>
internal static class Repository
{
    /// <summary>The checkout's top folder: the one holding the solution file.</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Signals.IronPython.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Signals.IronPython.sln not found above the test directory");
    }
}
