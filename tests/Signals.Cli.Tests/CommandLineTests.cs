namespace Signals.Cli.Tests;

/// <summary>
/// sighost accepts python3.11's command line with python3.11's meanings: each case runs the same
/// arguments under both and compares what the interpreter reports about itself.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class CommandLineTests
{
    /// <summary>Prints what the options change: flags, -X and -W options, argv, path, streams, optimisation.</summary>
    private const string Probe = """
        import sys
        print(sys.flags)
        print(sys._xoptions, sys.warnoptions, sys.argv)
        print(sys.path, sys.dont_write_bytecode, __debug__)
        print(type(sys.stdout.buffer).__name__, sys.stdout.write_through, type(sys.stderr.buffer).__name__)
        print(sys.executable == sys.orig_argv[0] or sys.orig_argv[0])
        """;

    private static readonly string[][] s_optionSets =
    [
        [],
        ["-I"],
        ["-E"],
        ["-s"],
        ["-S"],
        ["-P"],
        ["-B"],
        ["-u"],
        ["-b"],
        ["-bb"],
        ["-O"],
        ["-OO"],
        ["-d"],
        ["-q"],
        ["-W", "error::DeprecationWarning"],
        ["-X", "faulthandler"],
        ["-X", "dev", "-X", "utf8=0"],
        ["-X", "faulthandler", "-I"],
        ["-I", "-E", "-s", "-S", "-P", "-B", "-u", "-bb", "-OO", "-d", "-q"],
    ];

    [TestCaseSource(nameof(s_optionSets))]
    public void Options_before_c_mean_what_they_mean_to_python311(string[] options)
    {
        string[] args = [.. options, "-c", Probe, "tail", "-v"];
        RunResult expected = Interpreter.Run(Interpreter.Reference, args);
        RunResult actual = Interpreter.Run(Interpreter.Sighost, args);

        Assert.That(actual.ExitCode, Is.EqualTo(expected.ExitCode), actual.Stderr);
        Assert.That(actual.Stdout, Is.EqualTo(expected.Stdout));
    }

    [Test]
    public void Isolated_faulthandler_child_prints_its_flags_and_own_path_as_python311_does()
    {
        string[] args = ["-X", "faulthandler", "-I", "-c", "import sys; print(sys.flags.isolated, sys.executable)"];
        RunResult expected = Interpreter.Run(Interpreter.Reference, args);
        RunResult actual = Interpreter.Run(Interpreter.Sighost, args);

        Assert.That(expected.Stdout, Is.EqualTo($"1 {Interpreter.Reference}\n"));
        Assert.That(actual.Stdout, Is.EqualTo($"1 {Interpreter.Executable}\n"));
        Assert.That(actual.ExitCode, Is.Zero);
    }

    [Test]
    public void Python_variables_are_honoured_and_ignored_under_E_as_python311_does()
    {
        var environment = new Dictionary<string, string?>
        {
            ["PYTHONPATH"] = "/nonexistent/from-pythonpath",
            ["PYTHONDONTWRITEBYTECODE"] = "1",
            ["PYTHONUNBUFFERED"] = "1",
            ["PYTHONOPTIMIZE"] = "2",
        };
        foreach (string[] options in new[] { Array.Empty<string>(), ["-E"] })
        {
            string[] args = [.. options, "-c", Probe];
            RunResult expected = Interpreter.Run(Interpreter.Reference, args, environment: environment);
            RunResult actual = Interpreter.Run(Interpreter.Sighost, args, environment: environment);

            Assert.That(actual.Stdout, Is.EqualTo(expected.Stdout), string.Join(' ', options));
        }

        Assert.That(
            Interpreter.Run(Interpreter.Sighost, ["-c", "import sys; print(sys.path[1])"], environment: environment).Stdout,
            Is.EqualTo("/nonexistent/from-pythonpath\n"));
    }

    [TestCase("-V")]
    [TestCase("--version")]
    public void Version_options_print_python311s_version(string option)
    {
        RunResult expected = Interpreter.Run(Interpreter.Reference, option);
        RunResult actual = Interpreter.Run(Interpreter.Sighost, option);

        Assert.That(actual.Stdout, Does.StartWith("Python 3.11."));
        Assert.That(actual, Is.EqualTo(expected));
    }

    [TestCase("-VV")]
    [TestCase("-V -V")]
    [TestCase("--version --version")]
    public void Verbose_version_prints_python311s_line_then_the_products(string options)
    {
        string[] arguments = options.Split(' ');
        RunResult expected = Interpreter.Run(Interpreter.Reference, arguments);
        RunResult actual = Interpreter.Run(Interpreter.Sighost, arguments);

        Assert.That(actual.Stdout, Does.Match(@"^Python 3\.11\.\d+ \(.*\n"));
        Assert.That(actual.Stdout, Is.EqualTo(expected.Stdout + $"Signals.IronPython 0.4.0 (CPython {expected.Stdout.Split(' ')[1]})\n"));
        Assert.That((actual.ExitCode, actual.Stderr), Is.EqualTo((expected.ExitCode, expected.Stderr)));
    }

    [Test]
    public void Help_prints_python311s_usage_with_the_hosts_own_name()
    {
        RunResult expected = Interpreter.Run(Interpreter.Reference, "-h");
        RunResult actual = Interpreter.Run(Interpreter.Sighost, "-h");

        Assert.That(actual.ExitCode, Is.Zero);
        Assert.That(actual.Stdout, Does.StartWith($"usage: {Interpreter.Executable} [option]"));
        Assert.That(
            Interpreter.Normalise(actual.Stdout, Interpreter.Sighost),
            Is.EqualTo(Interpreter.Normalise(expected.Stdout, Interpreter.Reference)));
    }

    [Test]
    public void Verbose_flag_traces_imports_on_stderr()
    {
        RunResult actual = Interpreter.Run(Interpreter.Sighost, "-v", "-c", "import json");

        Assert.That(actual.ExitCode, Is.Zero);
        Assert.That(actual.Stderr, Does.Contain("import 'json' #"));
    }

    [Test]
    public void Module_option_runs_the_module_as_main_with_its_arguments()
    {
        string dir = Directory.CreateTempSubdirectory("sighost-m-").FullName;
        File.WriteAllText(Path.Combine(dir, "probe_mod.py"), "import sys\nprint(__name__, sys.argv[1:])\n");
        string[] args = ["-m", "probe_mod", "a", "-v"];

        RunResult expected = Interpreter.Run(Interpreter.Reference, args, workingDirectory: dir);
        RunResult actual = Interpreter.Run(Interpreter.Sighost, args, workingDirectory: dir);

        Assert.That(actual.Stdout, Is.EqualTo("__main__ ['a', '-v']\n"));
        Assert.That(actual, Is.EqualTo(expected));
    }

    [Test]
    public void Script_runs_with_its_path_as_argv0_and_its_folder_on_sys_path()
    {
        string dir = Directory.CreateTempSubdirectory("sighost-script-").FullName;
        string script = Path.Combine(dir, "probe_script.py");
        File.WriteAllText(script, "import sys\nprint(sys.argv, sys.path[0])\n");

        RunResult actual = Interpreter.Run(Interpreter.Sighost, script, "x", "-c");

        Assert.That(actual.Stdout, Is.EqualTo($"['{script}', 'x', '-c'] {dir}\n"));
        Assert.That(actual, Is.EqualTo(Interpreter.Run(Interpreter.Reference, script, "x", "-c")));
    }

    [TestCase("")]
    [TestCase("- a b")]
    public void Piped_stdin_runs_as_the_main_program(string commandLine)
    {
        string[] args = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        const string program = "import sys\nprint(__name__, sys.argv)\n";

        RunResult expected = Interpreter.Run(Interpreter.Reference, args, stdin: program);
        RunResult actual = Interpreter.Run(Interpreter.Sighost, args, stdin: program);

        Assert.That(actual.Stdout, Does.StartWith(args.Length == 0 ? "__main__ ['']" : "__main__ ['-', 'a', 'b']"));
        Assert.That(actual, Is.EqualTo(expected));
    }

    [Test]
    public void Stdin_is_readable_by_the_program()
    {
        RunResult actual = Interpreter.Run(
            Interpreter.Sighost, ["-c", "import sys; print(sys.stdin.read().upper())"], stdin: "piped text");

        Assert.That(actual.Stdout, Is.EqualTo("PIPED TEXT\n"));
    }

    [Test]
    public void Children_started_through_sys_executable_run_sighost_too()
    {
        const string code = """
            import subprocess, sys
            out = subprocess.run([sys.executable, '-I', '-c', 'import sys; print(sys.executable)'],
                                 capture_output=True, text=True, check=True).stdout
            print(sys.executable, out.strip())
            """;

        RunResult actual = Interpreter.Run(Interpreter.Sighost, "-c", code);

        Assert.That(actual.Stdout, Is.EqualTo($"{Interpreter.Executable} {Interpreter.Executable}\n"), actual.Stderr);
    }

    [Test]
    public void Non_utf8_arguments_reach_python_as_python311_decodes_them()
    {
        // A lone surrogate cannot be passed from .NET; a non-ASCII argument checks the byte path.
        string[] args = ["-c", "import sys; print(ascii(sys.argv[1]))", "h\u00e9"];

        Assert.That(Interpreter.Run(Interpreter.Sighost, args), Is.EqualTo(Interpreter.Run(Interpreter.Reference, args)));
    }
}
