namespace Signals.Samples.Worker;

/// <summary>The object the --callback sample hands to its script; the script calls back into it.</summary>
public sealed class OrderBook
{
    private readonly Queue<string> _pending = new(Enumerable.Range(1, 100).Select(i => $"order-{i}"));
    private readonly List<string> _done = [];

    public string Name => "the sample's order book";

    public int Pending
    {
        get
        {
            lock (_pending)
            {
                return _pending.Count;
            }
        }
    }

    public IReadOnlyList<string> Done
    {
        get
        {
            lock (_done)
            {
                return [.. _done];
            }
        }
    }

    public string Take()
    {
        lock (_pending)
        {
            return _pending.Dequeue();
        }
    }

    public void Complete(string order, string note)
    {
        lock (_done)
        {
            _done.Add($"{order}: {note}");
        }
    }
}
