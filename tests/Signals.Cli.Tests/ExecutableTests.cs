namespace Signals.Cli.Tests;

/// <summary>
/// sighost is a real executable: reached through a symlink, from a venv, a shebang line, exec and
/// posix_spawn; and children of os.fork() end as under python3.11. Each runs real processes.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ExecutableTests
{
    private string _directory = string.Empty;

    [SetUp]
    public void MakeDirectory() => _directory = Directory.CreateTempSubdirectory("sighost-exe-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void A_symlink_on_PATH_makes_a_venv_whose_python_is_sighost()
    {
        string bin = Directory.CreateDirectory(Path.Combine(_directory, "bin")).FullName;
        File.CreateSymbolicLink(Path.Combine(bin, "sighost"), Interpreter.Sighost);
        var environment = new Dictionary<string, string?> { ["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}" };

        RunResult made = Interpreter.Run("sighost", ["-m", "venv", "--without-pip", "v"], environment: environment, workingDirectory: _directory);
        Assert.That(made.ExitCode, Is.Zero, made.Stderr);

        string python = Path.Combine(_directory, "v", "bin", "python");
        RunResult inVenv = Interpreter.Run(python, "-c", "import sys, _signal; print(sys.executable, sys.prefix, _signal.__spec__.origin.endswith('Signals.Module.dll'))");
        Assert.That(inVenv.Stdout, Is.EqualTo($"{python} {Path.Combine(_directory, "v")} True\n"), inVenv.Stderr);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void A_venv_made_with_copies_runs_its_copied_executable(bool throughSymlink)
    {
        string bin = Directory.CreateDirectory(Path.Combine(_directory, "bin")).FullName;
        File.CreateSymbolicLink(Path.Combine(bin, "sighost"), Interpreter.Executable);
        string maker = throughSymlink ? Path.Combine(bin, "sighost") : Interpreter.Executable;

        RunResult made = Interpreter.Run(maker, ["-m", "venv", "--copies", "--without-pip", "v"], workingDirectory: _directory);
        Assert.That(made.ExitCode, Is.Zero, made.Stderr);

        string python = Path.Combine(_directory, "v", "bin", "python");
        Assert.That(File.ResolveLinkTarget(python, returnFinalTarget: false), Is.Null, "venv --copies copies the executable");
        RunResult inVenv = Interpreter.Run(python, "-c", "import sys, _signal; print(sys.executable, sys.prefix, _signal.__spec__.origin.endswith('Signals.Module.dll'))");
        Assert.That(inVenv.Stdout, Is.EqualTo($"{python} {Path.Combine(_directory, "v")} True\n"), inVenv.Stderr);
    }

    [Test]
    public void A_shebang_line_naming_sys_executable_runs_the_script()
    {
        string script = Path.Combine(_directory, "tool.py");
        File.WriteAllText(script, $"#!{Interpreter.Executable}\nimport sys\nprint('shebang', sys.argv[1:])\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        RunResult result = Interpreter.Run(script, "a", "b");

        Assert.That(result.Stdout, Is.EqualTo("shebang ['a', 'b']\n"), result.Stderr);
    }

    [Test]
    public void Exec_posix_spawn_posix_spawnp_and_execve_of_a_descriptor_start_sys_executable()
    {
        const string code = """
            import os, sys
            exe = sys.executable
            def wait(pid):
                return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
            print(wait(os.posix_spawn(exe, [exe, '-c', 'print("posix_spawn")'], os.environ)), flush=True)
            os.environ['PATH'] = os.path.dirname(exe) + ':' + os.environ['PATH']
            print(wait(os.posix_spawnp(os.path.basename(exe), ['x', '-c', 'print("posix_spawnp")'], os.environ)), flush=True)
            fd = os.open(exe, os.O_RDONLY)
            pid = os.fork()
            if pid == 0:
                os.execve(fd, [exe, '-c', 'print("execve(fd)")'], os.environ)
            print(wait(pid), flush=True)
            pid = os.fork()
            if pid == 0:
                os.execv(exe, [exe, '-c', 'print("execv")'])
            print(wait(pid), flush=True)
            """;

        RunResult result = Interpreter.Run(Interpreter.Sighost, "-c", code);

        Assert.That(result.Stdout, Is.EqualTo("posix_spawn\n0\nposix_spawnp\n0\nexecve(fd)\n0\nexecv\n0\n"), result.Stderr);
    }

    [Test]
    public void Forked_children_exit_as_under_python311_however_they_end()
    {
        const string code = """
            import os, sys
            def child(how):
                pid = os.fork()
                if pid == 0:
                    if how == 'sys.exit':
                        sys.exit(3)
                    if how == 'os._exit':
                        os._exit(4)
                    if how == 'raise':
                        raise ValueError('in the child')
                    return False
                return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
            for how in ('sys.exit', 'os._exit', 'raise', 'falls off the end'):
                status = child(how)
                if status is False:
                    break  # the child: runs on to the end of the program
                print(how, status, flush=True)
            """;

        RunResult expected = Interpreter.Run(Interpreter.Reference, "-c", code);
        RunResult actual = Interpreter.Run(Interpreter.Sighost, "-c", code);

        Assert.That(actual.Stdout, Is.EqualTo(expected.Stdout));
        Assert.That(expected.Stdout, Is.EqualTo("sys.exit 3\nos._exit 4\nraise 1\nfalls off the end 0\n"));
        Assert.That(actual.ExitCode, Is.Zero, actual.Stderr);
    }

    [Test]
    public void A_fork_pool_maps_and_its_children_exit()
    {
        const string code = """
            import multiprocessing, os
            def square(x):
                return x * x
            if __name__ == '__main__':
                with multiprocessing.get_context('fork').Pool(4) as pool:
                    print(pool.map(square, range(8)), flush=True)
                    workers = [p.pid for p in pool._pool]
                pool.join()
                alive = [pid for pid in workers if os.path.exists(f'/proc/{pid}') and open(f'/proc/{pid}/stat').read().split()[2] != 'Z']
                print('workers left running:', alive, flush=True)
            """;
        string script = Path.Combine(_directory, "pool.py");
        File.WriteAllText(script, code.Replace("\r", string.Empty, StringComparison.Ordinal));

        RunResult result = Interpreter.Run(Interpreter.Sighost, script);

        Assert.That(result.Stdout, Is.EqualTo("[0, 1, 4, 9, 16, 25, 36, 49]\nworkers left running: []\n"), result.Stderr);
        Assert.That(result.ExitCode, Is.Zero);
    }
}
