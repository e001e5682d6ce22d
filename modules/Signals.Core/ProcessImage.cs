using System.Runtime.InteropServices;
using Signals.Core.Interop;

namespace Signals.Core;

/// <summary>
/// The process's own image: its command line as the kernel holds it, and replacing the image with
/// another program (<c>execve</c>), for hand-overs at start: the <c>sighost</c> dotnet tool to the
/// native launcher beside it, and an app that opts in to the thread guard to itself with the guard
/// preloaded.
/// </summary>
public static unsafe class ProcessImage
{
    /// <summary>The guard's file name; it sits beside <c>libsignals_native.so</c> (in a package: runtimes/RID/native/).</summary>
    public const string ThreadGuardFileName = "libsignals_threadguard.so";

    /// <summary>
    /// The command line as the kernel holds it (<c>/proc/self/cmdline</c>): raw bytes, so arguments
    /// that are not valid UTF-8 pass on unchanged; null where /proc cannot be read.
    /// </summary>
    public static IReadOnlyList<byte[]>? CommandLine()
    {
        byte[] raw;
        try
        {
            raw = File.ReadAllBytes("/proc/self/cmdline");
        }
        catch (IOException)
        {
            return null;
        }

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

        return entries;
    }

    /// <summary>
    /// Replaces the process with <paramref name="path"/> run with <paramref name="argv"/> (argv[0]
    /// first) and the environment as .NET holds it (<see cref="Environment.SetEnvironmentVariable(string, string)"/>
    /// changes included, which libc's own environment does not see). Returns only by throwing.
    /// </summary>
    /// <exception cref="SignalSystemException">execve failed (the errno).</exception>
    public static void Replace(string path, IReadOnlyList<byte[]> argv)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(argv);
        var environment = new List<byte[]>();
        foreach (System.Collections.DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            environment.Add(System.Text.Encoding.UTF8.GetBytes($"{variable.Key}={variable.Value}"));
        }

        var pinned = new List<GCHandle>();
        try
        {
            byte*[] arguments = Terminated(argv, pinned);
            byte*[] variables = Terminated(environment, pinned);
            fixed (byte** argumentVector = arguments)
            fixed (byte** environmentVector = variables)
            {
                Libc.execve(path, argumentVector, environmentVector);
            }

            throw new SignalSystemException(Marshal.GetLastPInvokeError());
        }
        finally
        {
            foreach (GCHandle handle in pinned)
            {
                handle.Free();
            }
        }
    }

    /// <summary>A NULL-terminated vector of NUL-terminated copies of <paramref name="strings"/>, pinned until the handles are freed.</summary>
    private static byte*[] Terminated(IReadOnlyList<byte[]> strings, List<GCHandle> pinned)
    {
        byte*[] vector = new byte*[strings.Count + 1];
        for (int i = 0; i < strings.Count; i++)
        {
            GCHandle handle = GCHandle.Alloc((byte[])[.. strings[i], 0], GCHandleType.Pinned);
            pinned.Add(handle);
            vector[i] = (byte*)handle.AddrOfPinnedObject();
        }

        return vector;
    }

    /// <summary>The directory <c>libsignals_native.so</c> was loaded from (the thread guard's too).</summary>
    public static string NativeDirectory
    {
        get
        {
            Libc.DlInfo info;
            nint handler = SignalsNative.signals_native_handler_address();
            if (Libc.dladdr(handler, &info) == 0 || info.FileName == 0)
            {
                throw new InvalidOperationException("cannot tell where libsignals_native.so was loaded from");
            }

            return Path.GetDirectoryName(Path.GetFullPath(Marshal.PtrToStringUTF8(info.FileName)!))!;
        }
    }

    /// <summary>
    /// Re-executes the process, with its command line, with the thread guard preloaded: LD_PRELOAD
    /// names it, and the caller's LD_PRELOAD waits in SIGHOST_SAVED_LD_PRELOAD, which the guard puts
    /// back as it loads (native/thread_guard.c), so children do not inherit it. Returns only by
    /// throwing: when the guard is missing, or did not load on an earlier attempt (the guard removes
    /// the attempt's marker as it loads).
    /// </summary>
    /// <exception cref="InvalidOperationException">The guard's file is missing, it did not load after the re-execution, or /proc/self/cmdline cannot be read.</exception>
    /// <exception cref="SignalSystemException">execve failed.</exception>
    public static void ReplaceWithThreadGuardPreloaded()
    {
        const string Tried = "SIGNALS_THREAD_GUARD_TRIED";
        string guard = Path.Combine(NativeDirectory, ThreadGuardFileName);
        if (!File.Exists(guard) || Environment.GetEnvironmentVariable(Tried) is not null)
        {
            throw new InvalidOperationException($"the thread guard {guard} did not load (LD_PRELOAD); sigpending/sigwait semantics are not available");
        }

        IReadOnlyList<byte[]> argv = CommandLine()
            ?? throw new InvalidOperationException("the command line cannot be read from /proc/self/cmdline; the process cannot re-execute itself");
        string? preload = Environment.GetEnvironmentVariable("LD_PRELOAD");
        Environment.SetEnvironmentVariable("SIGHOST_SAVED_LD_PRELOAD", preload ?? string.Empty);
        Environment.SetEnvironmentVariable("LD_PRELOAD", string.IsNullOrEmpty(preload) ? guard : $"{guard}:{preload}");
        Environment.SetEnvironmentVariable(Tried, "1");
        Replace("/proc/self/exe", argv);
    }

    /// <summary>Whether the thread guard is loaded in this process (preloaded, or linked into the program as in sighost).</summary>
    public static bool ThreadGuardLoaded => GlobalLibrary.Exports(GlobalLibrary.Program(), "signals_thread_guard_present");
}
