namespace Ece.Conformance.Http;

/// <summary>Unreachable: no connection (refused, no such host, TLS failed). Invalid: connected, but what came back is
/// not an HTTP answer (garbage, a connection closed mid-answer, oversized headers): the target is there and broken.</summary>
internal enum ExchangeFailure { None, Unreachable, Timeout, TooLarge, Abandoned, Invalid }

/// <summary>One request to the target and what came back, as the reports show it.</summary>
internal sealed record Exchange
{
    public required int Id { get; init; }
    public required string Method { get; init; }
    public required string Url { get; init; }
    /// <summary>The operation (operationId) the request was for, when it was for one.</summary>
    public string? Operation { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> RequestHeaders { get; init; } = [];
    public string? RequestBody { get; init; }
    public int? Status { get; init; }
    public string? ReasonPhrase { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> ResponseHeaders { get; init; } = [];
    public string? MediaType { get; init; }
    /// <summary>The body decoded for people to read (an invalid byte shows as U+FFFD); never judged: see Content.</summary>
    public string? Body { get; init; }
    /// <summary>The body's bytes as sent, when it was read whole: what the rules judge.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public byte[]? Content { get; init; }
    /// <summary>The Content-Type charset parameter, unquoted, if any.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? Charset { get; init; }
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
