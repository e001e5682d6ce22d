namespace Signals.Module;

/// <summary>Decides which signals a script may handle or ignore.</summary>
public interface ISignalPolicy
{
    /// <summary>
    /// Null to allow <c>signal.signal(signum, ...)</c> with a handler of <paramref name="kind"/>;
    /// otherwise the explanation the script's OSError (EPERM) carries, naming the policy.
    /// </summary>
    string? Deny(int signum, HandlerKind kind);
}
