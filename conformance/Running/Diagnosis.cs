using System.Globalization;
using Ece.Conformance.Checks;
using Ece.Conformance.Http;
using Ece.Spec;

namespace Ece.Conformance.Running;

/// <summary>What the run found about its own set-up. A problem means the run tested the wrong thing (a base path
/// with no API under it, entry points the target does not know, answers cut off by --timeout): the findings are
/// kept, but the verdict is "could not test" (exit 2) with what to change. Notes are said and change nothing.</summary>
internal sealed record Diagnosis(IReadOnlyList<string> Problems, IReadOnlyList<string> Notes)
{
    public static readonly Diagnosis None = new([], []);

    /// <summary>What each problem is about, in the order of <see cref="Problems"/>: a fixed set of words a metric's
    /// label can carry (<see cref="BasePath"/>, <see cref="Refused"/>, <see cref="Redirected"/>, <see cref="NotHttp"/>,
    /// <see cref="EntryPoints"/>, <see cref="Timeout"/>).</summary>
    public IReadOnlyList<string> Kinds { get; init; } = [];

    public const string BasePath = "base_path", Refused = "refused", Redirected = "redirected", NotHttp = "not_http", EntryPoints = "entry_points", Timeout = "timeout";

    public static async Task<Diagnosis> FindAsync(CheckContext context, CancellationToken cancel)
    {
        try
        {
            return await FindOrThrowAsync(context, cancel);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            // A shared answer cut off by --deadline: the deadline is the finding (its rules are not judged), not a crash.
            return new Diagnosis(Timeouts(context.Target) is { } timeouts ? [timeouts] : [], []) { Kinds = Timeouts(context.Target) is null ? [] : [Timeout] };
        }
    }

    private static async Task<Diagnosis> FindOrThrowAsync(CheckContext context, CancellationToken cancel)
    {
        var problems = new List<(string Kind, string Text)>();
        var notes = new List<string>();
        var shared = context.Answers.Where(a => context.Settings.EntryPoints.Contains(a.EntryPoint)).ToList();
        if (shared.Count > 0 && await SetUpProblemAsync(context, shared, cancel) is { } setUp)
        {
            problems.Add(setUp);
        }
        else if (await UnknownEntryPointsAsync(context, cancel) is { Count: > 0 } unknown)
        {
            var message = $"The target does not know entry point {string.Join(", ", unknown)}: {context.Spec.Reporting(Quantity.ChatAllowed).Operation.Id} answers it as an invalid entry point, so its findings describe an entry point that does not exist.";
            if (unknown.Count == context.Settings.EntryPoints.Count)
            {
                problems.Add((EntryPoints, $"{message} Run again with --entry-point and the id of an entry point configured on the target."));
            }
            else
            {
                notes.Add($"{message} The other entry points were judged.");
            }
        }
        if (Timeouts(context.Target) is { } timeouts)
        {
            problems.Add((Timeout, timeouts));
        }
        return new Diagnosis(problems.ConvertAll(p => p.Text), notes) { Kinds = problems.ConvertAll(p => p.Kind) };
    }

    /// <summary>What every shared answer (those of the configured entry points) says is wrong with the set-up, if
    /// anything: each alike, so the run asked the wrong place or the wrong way, not a target that answers badly.</summary>
    private static async Task<(string Kind, string Text)?> SetUpProblemAsync(CheckContext context, List<Answer> shared, CancellationToken cancel)
    {
        var first = shared[0].Exchange;
        if (shared.All(a => AnswerChecks.NotServed(a.Exchange)))
        {
            return (BasePath, await BasePathAsync(context, first.Status, cancel) ?? NoApi(context, first.Status));
        }
        if (shared.All(a => a.Exchange.Failure == ExchangeFailure.Invalid)
            && new Uri(first.Url) is { Scheme: "http" } plain && context.Target.Options.Proxy is null
            && await SpeaksTlsAsync(plain, context.Target.Options.Timeout, context.Target.Time, cancel))
        {
            // No HTTP answer at all, and the port completes a TLS handshake: plain HTTP sent to an HTTPS port, a set-up
            // to change. A port that answers garbage without TLS stays a verdict on the target (ECE-GN-001).
            return (NotHttp, $"No request got an HTTP answer, so nothing about the API was tested: the port speaks TLS (HTTPS). Run again with --target https://{plain.Authority}.");
        }
        if (shared.All(a => a.Exchange.Status is 401 or 403))
        {
            return (Refused, $"Every GET is refused ({first.Status}): the target does not let this client in. Give the credentials or token it needs with --header \"Name: value\", or run from an address it allows.");
        }
        if (shared.All(a => StatusClass.Redirection(a.Exchange.Status)))
        {
            var location = first.ResponseHeaders.FirstOrDefault(h => h.Key.Equals("Location", StringComparison.OrdinalIgnoreCase)).Value;
            return (Redirected, $"Every GET is redirected ({first.Status} to {location ?? "no Location"}), which no chat button follows for this API: check the scheme and host of --target and --base-path.");
        }
        if (shared.All(a => a.Exchange.Status == a.Operation.SuccessStatus && !MediaTypes.IsXml(a.Exchange.MediaType))
            && await BasePathAsync(context, first.Status, cancel) is { } elsewhere)
        {
            // A catch-all page under the wrong base path answers 200 with HTML; the API answers elsewhere.
            return (BasePath, elsewhere);
        }
        return null;
    }

    /// <summary>Whether the host and port of <paramref name="url"/> complete a TLS handshake (any certificate: only
    /// the protocol is asked), within <paramref name="timeout"/> on the run's clock.</summary>
    private static async Task<bool> SpeaksTlsAsync(Uri url, TimeSpan timeout, TimeProvider time, CancellationToken cancel)
    {
        using var timer = new CancellationTokenSource(timeout, time);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancel, timer.Token);
        try
        {
            using var tcp = new System.Net.Sockets.TcpClient();
            await tcp.ConnectAsync(url.Host, url.Port, bounded.Token);
            // Nothing is sent over this connection: only whether the port speaks TLS is asked, whatever its certificate.
#pragma warning disable CA5359
            await using var tls = new System.Net.Security.SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
#pragma warning restore CA5359
            await tls.AuthenticateAsClientAsync(new System.Net.Security.SslClientAuthenticationOptions { TargetHost = url.Host }, bounded.Token);
            return true;
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or System.Security.Authentication.AuthenticationException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Tries the base paths seen in the field and names the first under which the API answers XML, or null.</summary>
    private static async Task<string?> BasePathAsync(CheckContext context, int? status, CancellationToken cancel)
    {
        var probe = context.Spec.Reporting(Quantity.ChatAllowed).Operation;
        foreach (var basePath in Others(context))
        {
            var x = await context.Target.SendAsync(HttpMethod.Get, probe.Path(basePath, context.Settings.EntryPoints[0]), context.Settings.Accept, operation: probe.Id, cancel: cancel);
            if (x.Answered && !AnswerChecks.NotServed(x) && (x.Status != probe.SuccessStatus || MediaTypes.IsXml(x.MediaType)))
            {
                return $"No operation is served under {Here(context)} (every GET answered {status}), but {probe.Id} answers {x.Status} under {basePath}: run again with --base-path {basePath}.";
            }
        }
        return null;
    }

    private static string NoApi(CheckContext context, int? status) =>
        $"No operation is served under {Here(context)} (every GET answered {status}), nor under {string.Join(", ", Others(context))}. Check --target and give the API's base path with --base-path.";

    private static IEnumerable<string> Others(CheckContext context) =>
        context.Spec.ObservedBasePaths.Prepend(context.Spec.DefaultBasePath).Distinct().Where(b => b != context.Settings.BasePath);

    private static string Here(CheckContext context) => context.Settings.BasePath.Length == 0 ? "/" : context.Settings.BasePath;

    /// <summary>The configured entry points that chatAllowed answers with the reason meant for an unknown entry point.</summary>
    private static async Task<List<string>> UnknownEntryPointsAsync(CheckContext context, CancellationToken cancel)
    {
        var (operation, allowed) = context.Spec.Reporting(Quantity.ChatAllowed);
        var reason = operation.Response!.ByQuantity(Quantity.Conditions);
        var invalid = reason?.MemberWhen(Condition.UnknownEntryPoint);
        if (reason is null || invalid is null || context.Target.Silent)
        {
            return [];
        }
        var unknown = new List<string>();
        foreach (var entryPoint in context.Settings.EntryPoints)
        {
            var answer = await context.AnswerAsync(operation, entryPoint, cancel);
            if (answer.ValidValue(allowed) is { } a && Lexical.ParseBoolean(a) == false && answer.Raw(reason) == invalid.Value)
            {
                unknown.Add(entryPoint);
            }
        }
        return unknown;
    }

    /// <summary>Requests cut off by --timeout judged nothing: say which --timeout the observed answers would need.</summary>
    private static string? Timeouts(TargetClient target)
    {
        var exchanges = target.Exchanges;
        var cut = exchanges.Count(x => x.Failure == ExchangeFailure.Timeout);
        if (cut == 0)
        {
            return null;
        }
        var timeout = target.Options.Timeout.TotalSeconds;
        var answered = exchanges.Where(x => x.Answered).Select(x => x.ElapsedMs).DefaultIfEmpty(-1).Max();
        var slowest = answered < 0 ? "no answer completed" : $"the slowest complete answer took {answered / 1000.0:0.###} s";
        var suggestion = Math.Min(300, Math.Ceiling(Math.Max(timeout * 3, answered / 1000.0 * 3)));
        var abandoned = exchanges.Count(x => x.Failure == ExchangeFailure.Abandoned);
        return $"{cut} request(s) got no complete answer within --timeout {timeout.ToString("0.###", CultureInfo.InvariantCulture)} s ({slowest})"
            + (abandoned > 0 ? $", and {abandoned} more were not sent once the target had stopped answering" : "")
            + $". If the target is slow rather than stuck, run again with --timeout {suggestion.ToString(CultureInfo.InvariantCulture)}.";
    }
}
