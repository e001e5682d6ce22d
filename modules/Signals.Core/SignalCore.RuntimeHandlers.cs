using System.Runtime.InteropServices;
using Signals.Core.Interop;

namespace Signals.Core;

/// <summary>
/// Which handler addresses are the .NET runtime's: a registry, so that telling a .NET handler from
/// any other (CPython's, faulthandler's, an app's) costs one lookup, not a <c>dladdr</c> per
/// <c>signal.signal</c> call.
/// </summary>
/// <remarks>
/// Filled from two sources. At start-up (the first lookup, and again when the runtime's calls are
/// routed) every installed handler is classified once by the library that holds it: CoreCLR installs
/// its handlers before any managed code runs, and System.Native may have installed some for
/// subscribers that came before the core. After routing (<see cref="RuntimeCallsRouted"/>), every
/// handler System.Native installs passes through <see cref="OnRuntimeSigaction"/>, which records it
/// by what System.Native does, not by file name: a handler it installs is its own unless it is an
/// action it read back earlier (putting back what it replaced). Only when the calls could not be
/// routed (System.Native linked statically) does an unknown address fall back to the library name,
/// and the answer is kept. Entries are never removed: the runtime's libraries are never unloaded.
/// All members run under <c>s_gate</c>.
/// </remarks>
public static unsafe partial class SignalCore
{
    private enum RuntimeOwner
    {
        NotRuntime,
        CoreClr,
        SystemNative,
    }

    /// <summary>A classified handler address (the registry's entries).</summary>
    private struct OwnedHandler
    {
        public nint Handler;
        public RuntimeOwner Owner;
    }

    // The registry holds a handful of addresses (System.Native uses one handler for every signal,
    // CoreCLR a few), so it is a short list searched in order: arrays of the project's own type and
    // of nint are precompiled with the assembly, where a Dictionary or HashSet over nint would be
    // JIT-compiled at every start (16 methods).
    private static OwnedHandler[] s_runtimeOwners = new OwnedHandler[8];
    private static int s_runtimeOwnerCount;

    /// <summary>Handlers System.Native read back as an old action: installing one of them again is putting it back.</summary>
    private static nint[] s_returnedToRuntime = new nint[8];
    private static int s_returnedCount;

    private static bool s_ownersCaptured;

    /// <summary>Whether <paramref name="handler"/> could be anyone's handler but the core's own: not SIG_DFL, SIG_IGN or one of the core's.</summary>
    private static bool ForeignHandler(nint handler) =>
        handler != Libc.SIG_DFL && handler != Libc.SIG_IGN && handler != s_handler && handler != s_faultHandler;

    private static RuntimeOwner OwnerOf(nint handler)
    {
        if (!ForeignHandler(handler))
        {
            return RuntimeOwner.NotRuntime;
        }

        lock (s_gate)
        {
            if (!s_ownersCaptured)
            {
                CaptureRuntimeOwners();
            }

            int known = IndexOfOwner(handler);
            if (known >= 0)
            {
                return s_runtimeOwners[known].Owner;
            }

            if (RuntimeCallsRouted)
            {
                return RuntimeOwner.NotRuntime; // every runtime handler installed since routing was recorded
            }

            RuntimeOwner owner = OwnerByLibrary(handler);
            SetOwner(handler, owner);
            return owner;
        }
    }

    /// <summary>Classifies every handler installed now (once at start, again as routing begins).</summary>
    private static void CaptureRuntimeOwners()
    {
        lock (s_gate)
        {
            s_ownersCaptured = true;
            for (int signum = 1; signum < NSig; signum++)
            {
                Libc.SigAction current;
                if (Libc.sigaction(signum, null, &current) == 0 && ForeignHandler(current.Handler)
                    && IndexOfOwner(current.Handler) < 0)
                {
                    SetOwner(current.Handler, OwnerByLibrary(current.Handler));
                }
            }
        }
    }

    /// <summary>A routed System.Native call handed back <paramref name="old"/> as the action it replaced.</summary>
    private static void NoteReturnedToRuntime(in Libc.SigAction old)
    {
        if (old.Handler != Libc.SIG_DFL && old.Handler != Libc.SIG_IGN && !ReturnedToRuntime(old.Handler))
        {
            if (s_returnedCount == s_returnedToRuntime.Length)
            {
                var larger = new nint[s_returnedCount * 2];
                Array.Copy(s_returnedToRuntime, larger, s_returnedCount);
                s_returnedToRuntime = larger;
            }

            s_returnedToRuntime[s_returnedCount++] = old.Handler;
        }
    }

    /// <summary>A routed System.Native call installs <paramref name="action"/>: its own handler, unless it puts back one it read.</summary>
    private static void NoteInstalledByRuntime(in Libc.SigAction action)
    {
        if (ForeignHandler(action.Handler) && !ReturnedToRuntime(action.Handler))
        {
            SetOwner(action.Handler, RuntimeOwner.SystemNative);
        }
    }

    private static bool ReturnedToRuntime(nint handler)
    {
        for (int i = 0; i < s_returnedCount; i++)
        {
            if (s_returnedToRuntime[i] == handler)
            {
                return true;
            }
        }

        return false;
    }

    private static int IndexOfOwner(nint handler)
    {
        for (int i = 0; i < s_runtimeOwnerCount; i++)
        {
            if (s_runtimeOwners[i].Handler == handler)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Records (or changes) what <paramref name="handler"/> is.</summary>
    private static void SetOwner(nint handler, RuntimeOwner owner)
    {
        int index = IndexOfOwner(handler);
        if (index < 0)
        {
            if (s_runtimeOwnerCount == s_runtimeOwners.Length)
            {
                var larger = new OwnedHandler[s_runtimeOwnerCount * 2];
                Array.Copy(s_runtimeOwners, larger, s_runtimeOwnerCount);
                s_runtimeOwners = larger;
            }

            index = s_runtimeOwnerCount++;
            s_runtimeOwners[index].Handler = handler;
        }

        s_runtimeOwners[index].Owner = owner;
    }

    /// <summary>The start-up classification: the file name of the library holding <paramref name="handler"/>.</summary>
    private static RuntimeOwner OwnerByLibrary(nint handler)
    {
        Libc.DlInfo info;
        if (Libc.dladdr(handler, &info) == 0 || info.FileName == 0)
        {
            return RuntimeOwner.NotRuntime;
        }

        return Path.GetFileName(Marshal.PtrToStringUTF8(info.FileName) ?? string.Empty) switch
        {
            "libSystem.Native.so" => RuntimeOwner.SystemNative,
            "libcoreclr.so" => RuntimeOwner.CoreClr,
            _ => RuntimeOwner.NotRuntime,
        };
    }
}
