using System.Runtime.InteropServices;
using Signals.Engine.CPython.Interop;
using Signals.Module;

namespace Signals.Engine.CPython.SignalModule;

internal static unsafe partial class SignalEntries
{
    private const string WarnKeyword = "warn_on_full_buffer";

    /// <summary>
    /// <c>set_wakeup_fd(fd, *, warn_on_full_buffer=True)</c>, parsed as the running version parses it:
    /// up to 3.12 <c>PyArg_ParseTupleAndKeywords(args, kwds, "i|$p:set_wakeup_fd", ...)</c> (counts, the
    /// fd as getargs' "i", then keywords); from 3.13 Argument Clinic (counts, keywords, the flag, then
    /// the fd as a C <c>int</c>).
    /// </summary>
    [UnmanagedCallersOnly]
    public static nint SetWakeupFd(nint self, nint args, nint kwargs) => Guard(() =>
    {
        nint nargs = Python.PyTuple_Size(args);
        nint nkeywords = kwargs == 0 ? 0 : Python.PyDict_Size(kwargs);
        if (nargs + nkeywords > 2)
        {
            throw PythonError.Type(Messages.WakeupTakesAtMostTwo(nargs + nkeywords));
        }

        if (nargs < 1)
        {
            throw PythonError.Type(string.Format(null, Messages.WakeupTakesOnePositional, nargs));
        }

        bool clinic = MethodTable.Surface.WakeupByClinic;
        if (clinic && nargs > 1)
        {
            throw PythonError.Type(string.Format(null, Messages.WakeupTakesExactlyOnePositional, nargs));
        }

        // getargs converts the positional fd before it reaches the keyword-only marker; Clinic
        // matches the keywords first.
        int fd = clinic ? 0 : FormatInt(Python.PyTuple_GetItem(args, 0));
        if (nargs > 1)
        {
            throw PythonError.Type(string.Format(null, Messages.WakeupTakesAtMostOnePositional, nargs));
        }

        nint warnValue = 0;
        nint position = 0;
        nint key, value;
        while (kwargs != 0 && Python.PyDict_Next(kwargs, &position, &key, &value) != 0)
        {
            if (!CPythonSignalModule.IsString(key))
            {
                throw PythonError.Type(Messages.KeywordsMustBeStrings);
            }

            string? name = Marshal.PtrToStringUTF8(Python.PyUnicode_AsUTF8(key));
            if (name != WarnKeyword)
            {
                throw PythonError.Type(string.Format(null, clinic ? Messages.WakeupUnexpectedKeyword : Messages.WakeupInvalidKeyword, name));
            }

            // At most one keyword gets here (two arguments at most, the fd among them).
            warnValue = value;
        }

        // Clinic converts warn_on_full_buffer ('p') and hands the fd over as an object, which the
        // function then converts: the flag's errors come first.
        bool warn = true;
        if (warnValue != 0)
        {
            int truth = Python.PyObject_IsTrue(warnValue);
            if (truth < 0)
            {
                throw new PendingPythonException();
            }

            warn = truth != 0;
        }

        if (clinic)
        {
            fd = PythonApi.ToInt(Python.PyTuple_GetItem(args, 0));
        }

        return PythonApi.NewInt(Module.SetWakeupFd(fd, warn));
    });

    /// <summary>The "i" format unit: a C long that must fit a C int, with getargs' own messages.</summary>
    private static int FormatInt(nint obj)
    {
        long value = Python.PyLong_AsLong(obj);
        if (value == -1 && Python.PyErr_Occurred() != 0)
        {
            throw new PendingPythonException();
        }

        return value switch
        {
            > int.MaxValue => throw PythonError.Overflow(Messages.SignedIntTooLarge),
            < int.MinValue => throw PythonError.Overflow(Messages.SignedIntTooSmall),
            _ => (int)value,
        };
    }
}
