using System.Diagnostics;
using Signals.Engine.CPython;
using Signals.Hosting;

namespace Signals.TestApp;

/// <summary>An object the app hands to scripts; scripts call back into it.</summary>
public sealed class ScriptApp
{
    private int _calls;

    public string Name { get; set; } = "test app";

    public int Calls => _calls;

    public string Greet(string who)
    {
        Interlocked.Increment(ref _calls);
        return $"hello {who} from {Name}";
    }
}

/// <summary>Scopes, values both ways, exceptions, compiled code, calls from many threads, cancellation.</summary>
internal static class ScopeScenarios
{
    public static int ScopesShareObjectsBothWays()
    {
        using PythonScriptHost host = PythonScriptHost.Start();
        using PythonScope scope = host.CreateScope();
        var app = new ScriptApp();
        scope.SetVariable("app", app);
        scope.SetVariable("count", 41);
        scope.SetVariable("label", "world");
        host.Execute("count += 1\nresult = app.Greet(label)\nsame = app\napp.Name = 'renamed'", scope);
        Program.Say($"GetVariable<int>: {scope.GetVariable<int>("count")}");
        Program.Say($"GetVariable<string>: {scope.GetVariable<string>("result")}");
        Program.Say($"the same .NET object back: {ReferenceEquals(scope.GetVariable<ScriptApp>("same"), app)} {ReferenceEquals(scope.GetVariable<object>("same"), app)} {app.Name}");
        Program.Say($"ContainsVariable: {scope.ContainsVariable("count")} {scope.ContainsVariable("nope")}");
        Program.Say($"TryGetVariable: {scope.TryGetVariable("count", out long count)} {count} {scope.TryGetVariable("nope", out int _)}");
        Program.Say($"RemoveVariable: {scope.RemoveVariable("label")} {scope.RemoveVariable("label")} {scope.ContainsVariable("label")}");
        Program.Say($"GetVariableNames: {string.Join(",", scope.GetVariableNames().Order(StringComparer.Ordinal))}");
        Report("GetVariable of a missing name", () => scope.GetVariable<int>("nope"));
        Report("GetVariable<int> of a str", () => scope.GetVariable<int>("result"));

        Program.Say($"Execute<object>: {Show(host.Execute<object>("[1, 'a', None, 2.5, True, (2, 3)]", scope))}");
        Program.Say($"Execute<object> dict: {Show(host.Execute<object>("{'a': 1, 2: [3]}", scope))}");
        Program.Say($"Execute<object> big int: {Show(host.Execute<object>("2 ** 70", scope))}");
        Program.Say($"Execute<double>, <bool>, <string>: {host.Execute<double>("1 / 4", scope)} {host.Execute<bool>("count > 40", scope)} {host.Execute<string>("'x' * 3", scope)}");
        Program.Say($"Execute<object> None: {host.Execute<object>("None", scope) is null}");

        PythonCompiledCode step = host.Compile("total = total + step");
        scope.SetVariable("total", 0);
        scope.SetVariable("step", 5);
        for (int i = 0; i < 3; i++)
        {
            step.Execute(scope);
        }

        using PythonScope other = host.CreateScope();
        other.SetVariable("total", 100);
        other.SetVariable("step", 1);
        step.Execute(other);
        Program.Say($"compiled code reused: {scope.GetVariable<int>("total")} {other.GetVariable<int>("total")}");

        host.Execute("def add(a, b):\n    return a + b\ndef greet_via(o, who):\n    return o.Greet(who)", scope);
        Program.Say($"Invoke: {host.Invoke<int>(scope, "add", 2, 3)} {host.Invoke<string>(scope, "add", "a", "b")} {host.Invoke<string>(scope, "greet_via", app, "you")}");

        Report("raise ValueError", () => host.Execute("def fail():\n    raise ValueError('bad value')\nfail()", scope));
        try
        {
            host.Execute("def fail():\n    raise KeyError('k')\nfail()", scope);
        }
        catch (PythonScriptException e)
        {
            Program.Say($"traceback has the frames: {e.PythonTraceback.StartsWith("Traceback (most recent call last):", StringComparison.Ordinal)} {e.PythonTraceback.Contains(", in fail\n", StringComparison.Ordinal)}");
        }

        Report("json.loads('{')", () => host.Execute("import json\njson.loads('{')", scope));
        Report("Compile of a syntax error", () => host.Compile("def ("));

        // Calls from several thread-pool threads at once, all marshalled to the interpreter thread.
        int[] sums = new int[8];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, worker =>
        {
            for (int i = 0; i < 50; i++)
            {
                sums[worker] += host.Invoke<int>(scope, "add", worker, i);
            }
        });
        Program.Say($"8 threads x 50 calls: {sums.SequenceEqual(Enumerable.Range(0, 8).Select(w => (50 * w) + 1225))}");
        Task<string>[] greetings = [.. Enumerable.Range(0, 4).Select(i => Task.Run(() => host.InvokeAsync<string>(scope, "greet_via", [app, $"t{i}"])))];
        Program.Say($"async calls: {string.Join(",", Task.WhenAll(greetings).GetAwaiter().GetResult().Select(g => g.Split(' ')[1]))}");

        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();
        try
        {
            host.ExecuteAsync("import time\ntime.sleep(60)", scope, timeout.Token).GetAwaiter().GetResult();
            Program.Say("cancelled: not cancelled");
        }
        catch (OperationCanceledException e)
        {
            Program.Say($"cancelled: {e.GetType().Name}, within 1 s {clock.Elapsed < TimeSpan.FromSeconds(1.3)}");
        }

        Program.Say($"usable after cancellation: {host.Invoke<int>(scope, "add", 1, 1)}");
        return 0;
    }

    private static void Report(string what, Action action)
    {
        try
        {
            action();
            Program.Say($"{what}: no exception");
        }
        catch (PythonScriptException e)
        {
            string lastLine = e.PythonTraceback.TrimEnd().Split('\n')[^1];
            Program.Say($"{what}: PythonScriptException {e.PythonType}: {e.PythonMessage} | traceback ends: {lastLine}");
        }
        catch (Exception e)
        {
            Program.Say($"{what}: {e.GetType().Name}: {e.Message}");
        }
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        string s => $"string '{s}'",
        List<object?> list => $"List[{string.Join(", ", list.Select(Show))}]",
        Dictionary<object, object?> dict => $"Dict{{{string.Join(", ", dict.Select(kv => $"{Show(kv.Key)}: {Show(kv.Value)}"))}}}",
        _ => $"{value.GetType().Name} {value}",
    };
}
