namespace Ece.Conformance.Http;

/// <summary>Unreachable: no connection (refused, no such host, TLS failed). Invalid: connected, but what came back is
/// not an HTTP answer (garbage, a connection closed mid-answer, oversized headers): the target is there and broken.</summary>
public enum ExchangeFailure { None, Unreachable, Timeout, TooLarge, Abandoned, Invalid }

/// <summary>One request to the target and what came back, as the reports show it.</summary>
public sealed record Exchange
{
    public required int Id { get; init; }
    public required string Method { get; init; }
    public required string Url { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> RequestHeaders { get; init; } = [];
    public string? RequestBody { get; init; }
    public int? Status { get; init; }
    public string? ReasonPhrase { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> ResponseHeaders { get; init; } = [];
    public string? MediaType { get; init; }
    public string? Body { get; init; }
    /// <summary>The body was longer than the runner reads; Body holds its start.</summary>
    public bool BodyTruncated { get; init; }
    public long BodyBytesRead { get; init; }
    public long ElapsedMs { get; init; }
    public int Attempts { get; init; } = 1;
    public ExchangeFailure Failure { get; init; }
    public string? Error { get; init; }

    public bool Answered => Status is not null && Failure is ExchangeFailure.None or ExchangeFailure.TooLarge;

    public string Describe() => Status is { } status
        ? $"{Method} {Url} → {status}{(ReasonPhrase is null ? "" : " " + ReasonPhrase)}"
        : $"{Method} {Url} → {Failure}: {Error}";
}
