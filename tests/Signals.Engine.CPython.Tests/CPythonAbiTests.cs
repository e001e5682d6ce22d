using System.Reflection;
using System.Runtime.InteropServices;
using NUnit.Framework;
using Signals.Engine.CPython;
using Signals.Engine.CPython.Interop;

namespace Signals.Engine.CPython.Tests;

/// <summary>The adapter's version table and interpreter choice, checked in process (no interpreter starts here).</summary>
[TestFixture]
public sealed class CPythonAbiTests
{
    private const string PyenvRoot = "/root/.pyenv/versions";

    [Test]
    public void EveryDeclaredEntryPointIsAmongTheExportsCheckedAtLoad()
    {
        string[] declared = typeof(global::Signals.Engine.CPython.Interop.Python).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(method => method.GetCustomAttribute<LibraryImportAttribute>() is not null)
            .Select(method => method.GetCustomAttribute<LibraryImportAttribute>()!.EntryPoint ?? method.Name)
            .Distinct() // one export may be declared twice (PyLong_AsLongAndOverflow: also without a GC transition)
            .ToArray();

        Assert.That(declared, Is.Not.Empty);
        Assert.That(CPythonAbi.RequiredExports.Concat(CPythonAbi.Supported.SelectMany(abi => abi.ExtraExports)), Is.SupersetOf(declared));
        Assert.That(CPythonAbi.RequiredExports, Is.Unique);
    }

    [Test]
    public void EachSupportedVersionHasOneRowAndThreeElevenIsTheDefault()
    {
        Assert.That(CPythonAbi.Supported.Select(abi => abi.Minor), Is.EqualTo(new[] { 10, 11, 12, 13 }));
        Assert.That(CPythonAbi.ForMinor(11), Is.SameAs(CPythonAbi.Default));
        Assert.That(CPythonAbi.ForMinor(9), Is.Null);
        Assert.That(CPythonAbi.Default.Soname, Is.EqualTo("libpython3.11.so.1.0"));
    }

    [Test]
    public void ALibraryChoiceIsUsedAsIs()
    {
        Assert.That(PythonLibrary.LibraryOf("libpython3.12.so.1.0"), Is.EqualTo("libpython3.12.so.1.0"));
        Assert.That(PythonLibrary.LibraryOf("/opt/x/lib/libpython3.13.so"), Is.EqualTo("/opt/x/lib/libpython3.13.so"));
    }

    [Test]
    public void DebiansExecutableImpliesItsSoname()
    {
        Assume.That(File.Exists("/usr/bin/python3.11"), "Debian's python3.11 is not installed");
        Assert.That(PythonLibrary.LibraryOf("/usr/bin/python3.11"), Is.EqualTo("libpython3.11.so.1.0"));
    }

    [TestCase("3.10.13", "3.10")]
    [TestCase("3.12.1", "3.12")]
    [TestCase("3.13.0", "3.13")]
    public void APyenvExecutableFindsTheLibraryBesideIt(string version, string minor)
    {
        string executable = $"{PyenvRoot}/{version}/bin/python{minor}";
        Assume.That(File.Exists(executable), $"pyenv's {version} is not installed");
        Assert.That(PythonLibrary.LibraryOf(executable), Is.EqualTo($"{PyenvRoot}/{version}/lib/libpython{minor}.so.1.0"));
        // Through pyenv's python3 symlink too.
        Assert.That(PythonLibrary.LibraryOf($"{PyenvRoot}/{version}/bin/python3"), Is.EqualTo($"{PyenvRoot}/{version}/lib/libpython{minor}.so.1.0"));
    }

    [Test]
    public void AMissingExecutableIsRefusedWithTheSupportedVersions()
    {
        var error = Assert.Throws<PythonLibraryException>(() => PythonLibrary.LibraryOf("/nonexistent/python3.12"));
        Assert.That(error!.Message, Does.Contain("3.10, 3.11, 3.12, 3.13"));
    }
}
