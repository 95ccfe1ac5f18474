namespace Ece.ReferenceServer.Survey;

/// <summary>One accepted survey, as it arrived: its root's attributes and, per item, its fields by name.</summary>
internal sealed record StoredSurvey(
    long Number,
    DateTimeOffset ReceivedAt,
    string ContentType,
    string Namespace,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<IReadOnlyDictionary<string, string>> Items)
{
    /// <summary>What the survey holds in memory, roughly: two bytes a character and a little for each string.</summary>
    public long Bytes => 2L * (ContentType.Length + Namespace.Length)
        + Attributes.Sum(a => 2L * (a.Key.Length + a.Value.Length) + 48)
        + Items.Sum(i => 64 + i.Sum(f => 2L * (f.Key.Length + f.Value.Length) + 48)) + 128;
}

/// <summary>Every accepted survey, in memory. Bounded by count and by bytes: when either is reached, new surveys are
/// refused (507), never dropped in silence.</summary>
internal sealed class SurveyStore(int capacity, long maxBytes)
{
    // Lock order (README, One lock order): taken with nothing held (a survey posted, the control API); nothing is taken
    // while it is held (the survey is made from the request and the clock).
    private readonly Lock _lock = new();
    private readonly List<StoredSurvey> _surveys = [];
    private long _next;
    private long _bytes;

    public int Capacity => capacity;

    public long MaxBytes => maxBytes;

    public int Count
    {
        get { lock (_lock) { return _surveys.Count; } }
    }

    public long Bytes
    {
        get { lock (_lock) { return _bytes; } }
    }

    public IReadOnlyList<StoredSurvey> All
    {
        get { lock (_lock) { return [.. _surveys]; } }
    }

    /// <summary>A page of the stored surveys, oldest first, and how many there are in all.</summary>
    public (IReadOnlyList<StoredSurvey> Page, int Total) Page(int offset, int limit)
    {
        lock (_lock)
        {
            return ([.. _surveys.Skip(offset).Take(limit)], _surveys.Count);
        }
    }

    /// <returns>The stored survey, or null when the store is full (by count or by bytes).</returns>
    public StoredSurvey? TryAdd(Func<long, StoredSurvey> create)
    {
        lock (_lock)
        {
            var survey = create(_next + 1);
            if (_surveys.Count >= capacity || _bytes + survey.Bytes > maxBytes)
            {
                return null;
            }
            _next++;
            _bytes += survey.Bytes;
            _surveys.Add(survey);
            return survey;
        }
    }

    public int Clear()
    {
        int cleared;
        lock (_lock)
        {
            cleared = _surveys.Count;
            _surveys.Clear();
            _surveys.TrimExcess();
            _bytes = 0;
        }
        // Hand the memory back to the system, not only to the heap: a cleared store should look cleared from outside.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return cleared;
    }
}
