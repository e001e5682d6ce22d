namespace Signals.Module;

/// <summary>
/// An engine's reference to a Python object the module records as a handler (a callable, SIG_DFL,
/// SIG_IGN, None, <c>default_int_handler</c>). Opaque to the module: only the engine that made it
/// reads <see cref="Value"/> (for CPython, the <c>PyObject*</c>). Who owns the reference is stated
/// where a handle is passed (<see cref="ISignalEngine.NewReference"/>, <see cref="ISignalEngine.Release"/>,
/// <see cref="SignalModule.Signal"/>). The default handle is "no object".
/// </summary>
public readonly record struct HandlerHandle(nint Value)
{
    /// <summary>Whether this is the default handle (no object).</summary>
    public bool IsEmpty => Value == 0;
}
