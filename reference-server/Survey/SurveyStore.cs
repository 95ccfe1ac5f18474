using System.Collections.Concurrent;

namespace Ece.ReferenceServer.Survey;

/// <summary>One accepted survey, as it arrived: its root's attributes and, per item, its fields by name.</summary>
public sealed record StoredSurvey(
    long Number,
    DateTimeOffset ReceivedAt,
    string ContentType,
    string Namespace,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<IReadOnlyDictionary<string, string>> Items);

/// <summary>Every accepted survey, in memory. Bounded: when full, new surveys are refused (never dropped in silence).</summary>
public sealed class SurveyStore(int capacity)
{
    private readonly ConcurrentQueue<StoredSurvey> _surveys = new();
    private long _next;
    private int _count;

    public int Capacity => capacity;

    public int Count => Volatile.Read(ref _count);

    public IReadOnlyList<StoredSurvey> All => _surveys.ToArray();

    /// <returns>The stored survey, or null when the store is full.</returns>
    public StoredSurvey? TryAdd(Func<long, StoredSurvey> create)
    {
        if (Interlocked.Increment(ref _count) > capacity)
        {
            Interlocked.Decrement(ref _count);
            return null;
        }
        var survey = create(Interlocked.Increment(ref _next));
        _surveys.Enqueue(survey);
        return survey;
    }

    public int Clear()
    {
        var cleared = 0;
        while (_surveys.TryDequeue(out _))
        {
            Interlocked.Decrement(ref _count);
            cleared++;
        }
        return cleared;
    }
}
