using System.Runtime.InteropServices;
using Signals.Engine.CPython.Interop;
using Signals.Module;

namespace Signals.Engine.CPython.SignalModule;

internal static unsafe partial class SignalEntries
{
    private const string WarnKeyword = "warn_on_full_buffer";

    /// <summary>
    /// <c>set_wakeup_fd(fd, *, warn_on_full_buffer=True)</c>, parsed as CPython's
    /// <c>PyArg_ParseTupleAndKeywords(args, kwds, "i|$p:set_wakeup_fd", {"", "warn_on_full_buffer"})</c>:
    /// counts first, then the fd (a C int), the flag (truthiness), then unknown keywords.
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

        // getargs converts the positional fd before it reaches the keyword-only marker.
        int fd = FormatInt(Python.PyTuple_GetItem(args, 0));
        if (nargs > 1)
        {
            throw PythonError.Type(string.Format(null, Messages.WakeupTakesAtMostOnePositional, nargs));
        }

        bool warn = true;
        nint position = 0;
        nint key, value;
        while (kwargs != 0 && Python.PyDict_Next(kwargs, &position, &key, &value) != 0)
        {
            string? name = Marshal.PtrToStringUTF8(Python.PyUnicode_AsUTF8(key));
            if (name != WarnKeyword)
            {
                throw PythonError.Type(string.Format(null, Messages.WakeupInvalidKeyword, name));
            }

            int truth = Python.PyObject_IsTrue(value);
            if (truth < 0)
            {
                throw new PendingPythonException();
            }

            warn = truth != 0;
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
