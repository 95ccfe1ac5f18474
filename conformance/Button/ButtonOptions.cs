using Ece.Spec;

namespace Ece.Conformance.Button;

/// <summary>What a button check is told: the page, how to find its button, which steps, how long to watch. Every
/// duration but the look limit is the page's own time (Playwright's clock), so it costs no wall time.</summary>
internal sealed record ButtonOptions
{
    public required Uri Page { get; init; }
    public required string Button { get; init; }
    public string? Reason { get; init; }
    /// <summary>An element the page draws once its widget is ready: each step is judged after it is there.</summary>
    public string? Wait { get; init; }
    public IReadOnlyList<string> EntryPoints { get; init; } = [];
    public string ApiPattern { get; init; } = DefaultApiPattern;

    /// <summary>Any request whose path holds the spec's operations path, on any host, scheme and base path.</summary>
    public static readonly string DefaultApiPattern = "**" + EceSpec.Default.OperationsPath + "**";
    public IReadOnlyList<string> Steps { get; init; } = [];
    /// <summary>HAR files whose recorded answers a step of its own (replay) serves the page: what production said.</summary>
    public IReadOnlyList<string> Replay { get; init; } = [];
    /// <summary>What to click, in order, to send the page's survey (say the chat button, then the survey's submit
    /// button); none: no survey step.</summary>
    public IReadOnlyList<string> Survey { get; init; } = [];
    /// <summary>How long after its first request (or a change) the page is left to settle before it is judged.</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>How long the page is expected to wait for an answer at most: the slow step answers never, and is
    /// watched this long and a second more, so a page with a time-out has given up by then.</summary>
    public TimeSpan PageTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>How long the recovery step waits for the page to ask again after an error.</summary>
    public TimeSpan RecoveryWait { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>How long to wait for the page's first request to its ECE.</summary>
    public TimeSpan FirstRequest { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>How long after a change of state the button has to follow it (ECE-CL-010): four polls at GOV.UK's 15 s.</summary>
    public TimeSpan FollowWithin { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>When a page that asked once and not again is taken as settled, and ECE's state changed under it.</summary>
    public TimeSpan SettledAfter { get; init; } = TimeSpan.FromSeconds(30);
    public string? Chromium { get; init; }
    /// <summary>Chromium's host resolver rules, such as MAP www.acme.com 127.0.0.1: the page served on this machine
    /// under the host name it has in production (its own ECE URL is answered here whatever its host).</summary>
    public IReadOnlyList<string> HostRules { get; init; } = [];
    /// <summary>Steps run at once, each in a context of its own in one browser.</summary>
    public int Parallel { get; init; } = Math.Clamp(Environment.ProcessorCount, 1, 3);
    /// <summary>Wall time: the bounds on a page that does not respond, and the report's clock. Never the page's.
    /// Required: the command gives the system clock, a test its own.</summary>
    public required TimeProvider Time { get; init; }
}
