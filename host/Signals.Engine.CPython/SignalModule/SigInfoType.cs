using System.Runtime.InteropServices;
using Signals.Core;
using Signals.Engine.CPython.Interop;

namespace Signals.Engine.CPython.SignalModule;

/// <summary><c>signal.struct_siginfo</c>: the structseq <c>sigwaitinfo</c>/<c>sigtimedwait</c> return.</summary>
internal static unsafe class SigInfoType
{
    private static readonly (string Name, string Doc)[] s_fields =
    [
        ("si_signo", "signal number"),
        ("si_code", "signal code"),
        ("si_errno", "errno associated with this signal"),
        ("si_pid", "sending process ID"),
        ("si_uid", "real user ID of sending process"),
        ("si_status", "exit value or signal"),
        ("si_band", "band event for SIGPOLL"),
    ];

    private const string Doc =
        "struct_siginfo: Result from sigwaitinfo or sigtimedwait.\n\nThis object may be accessed either as a tuple of\n"
        + "(si_signo, si_code, si_errno, si_pid, si_uid, si_status, si_band),\nor via the attributes si_signo, si_code, and so on.";

    /// <summary>Creates the type (once per process).</summary>
    public static nint Create()
    {
        var fields = (Python.PyStructSequenceField*)NativeMemory.AllocZeroed((nuint)(sizeof(Python.PyStructSequenceField) * (s_fields.Length + 1)));
        for (int i = 0; i < s_fields.Length; i++)
        {
            fields[i].Name = PythonApi.PermanentUtf8(s_fields[i].Name);
            fields[i].Doc = PythonApi.PermanentUtf8(s_fields[i].Doc);
        }

        var description = (Python.PyStructSequenceDesc*)NativeMemory.AllocZeroed((nuint)sizeof(Python.PyStructSequenceDesc));
        description->Name = PythonApi.PermanentUtf8("signal.struct_siginfo");
        description->Doc = PythonApi.PermanentUtf8(Doc);
        description->Fields = fields;
        description->InSequence = s_fields.Length;
        return PythonApi.Check(Python.PyStructSequence_NewType(description));
    }

    /// <summary>A new struct_siginfo holding <paramref name="info"/>.</summary>
    public static nint New(SignalInfo info)
    {
        PyOwned result = PyOwned.Of(Python.PyStructSequence_New(CPythonSignalModule.SigInfoTypeObject));
        try
        {
            long[] values = [info.Signo, info.Code, info.Errno, info.Pid, info.Uid, info.Status, info.Band];
            for (int i = 0; i < values.Length; i++)
            {
                Python.PyStructSequence_SetItem(result.Borrow, i, PythonApi.Check(Python.PyLong_FromLong((nint)values[i]))); // steals the item
            }

            return result.Steal();
        }
        finally
        {
            result.Dispose(); // only when an item could not be made
        }
    }
}
