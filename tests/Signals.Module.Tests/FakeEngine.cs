namespace Signals.Module.Tests;

/// <summary>
/// An <see cref="ISignalEngine"/> without an interpreter: it records what the module asks of it, so
/// the module's checks and messages can be tested in process, in milliseconds.
/// </summary>
internal sealed class FakeEngine : ISignalEngine
{
    public bool IsMainThread { get; set; } = true;

    public int PendingHandlerRuns { get; private set; }

    public List<(int Signum, HandlerKind Kind)> TripTableWrites { get; } = [];

    public int NewReferences { get; private set; }

    public int Releases { get; private set; }

    public List<string> Warnings { get; } = [];

    public void RunPendingHandlers() => PendingHandlerRuns++;

    public void SetTripTable(int signum, HandlerKind kind) => TripTableWrites.Add((signum, kind));

    public HandlerHandle NewReference(HandlerHandle obj)
    {
        NewReferences++;
        return obj;
    }

    public void Release(HandlerHandle obj) => Releases++;

    public T Blocking<T>(Func<T> call) => call();

    public void WarnRuntime(string message) => Warnings.Add(message);

    public void ReportWakeupWriteError(int errno)
    {
    }
}
