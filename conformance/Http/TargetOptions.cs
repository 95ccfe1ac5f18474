namespace Ece.Conformance.Http;

/// <summary>How to reach a target (whichever it is): everything a hostile or slow one must not be able to get around.</summary>
internal sealed record TargetOptions
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>Retries after a connection failure (never after an answer or a time-out).</summary>
    public int Retries { get; init; } = 1;
    public int Concurrency { get; init; } = 4;
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];
    public bool Insecure { get; init; }
    public Uri? Proxy { get; init; }
    /// <summary>The body cap of every path that reads from the target (the checks and the --browser page host):
    /// the most of a body read, ECE-GN-013's limit, the same as the survey's (openapi.yaml x-ece-max-body-bytes).</summary>
    public static readonly int BodyCap = (int)(Ece.Spec.EceSpec.Default.Operations.Single(o => o.MaxBodyBytes is not null).MaxBodyBytes!.Value);

    /// <summary>The most of a body the runner reads; the rest is not read.</summary>
    public int MaxBodyBytes { get; init; } = BodyCap;
    /// <summary>The target is a replay of recordings (--har) whose answers say how long they took when recorded
    /// (Replayer.RecordedMsHeader): that time is the exchange's, so the latency rules judge what was recorded.</summary>
    public bool RecordedTimings { get; init; }
    /// <summary>After this many requests without a complete answer in time, the target is deemed silent and no more is sent.</summary>
    public int SilentAfterTimeouts { get; init; } = 3;
}

/// <summary>A target as given by a user (--target, a targets file, the monitor's /probe): scheme, host and port only.</summary>
internal static class TargetUrl
{
    public static Uri Parse(string value, string option)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            // Cut: a wrong file or a hostile query can give megabytes, which the message must not echo whole.
            throw new UsageException($"{option} must be an http or https URL such as https://ece.example.com, not '{Ece.Spec.SafeXml.Printable(Ece.Spec.SafeXml.Cut(value, 120))}'.");
        }
        return uri.AbsolutePath == "/" && uri.Query.Length == 0
            ? new Uri(uri.GetLeftPart(UriPartial.Authority) + "/")
            : throw new UsageException($"{option} takes scheme, host and port only; give the path with --base-path {Ece.Spec.SafeXml.Cut(uri.AbsolutePath.TrimEnd('/'), 120)}.");
    }
}
