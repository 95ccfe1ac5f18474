using Ece.Conformance.Button;

namespace Ece.Conformance.Tests.Button;

/// <summary>Steps made by hand, on the page's time in seconds: what a judge sees, without a browser.</summary>
internal static class Made
{
    public static ApiCall Call(double at, bool? invites, string operation = "chatAllowed", string? fault = null) =>
        new(operation, "1", "GET", null, "", fault is null ? 200 : 500, null, fault is null ? invites : null, TimeSpan.FromSeconds(at)) { Fault = fault, Url = $"https://ece.acme.example/system/egain/chat/entrypoint/{operation}/1" };

    public static Sample Seen(double at, bool? visible) => new(TimeSpan.FromSeconds(at), visible);

    public static Change To(double at, string to, bool healthy = true) => new(TimeSpan.FromSeconds(at), to, healthy);

    public static StepResult Step(string name, StepKind kind, IReadOnlyList<ApiCall> calls, IReadOnlyList<Sample> samples, params string[] errors) =>
        new(new ButtonStep(name, kind, "default"), calls, samples, null, errors, [], HeldRequestEnded: true)
        {
            Duration = TimeSpan.FromSeconds(calls.Select(c => c.At.TotalSeconds).Concat(samples.Select(s => s.At.TotalSeconds)).DefaultIfEmpty().Max()),
        };

    /// <summary>A step at one moment: one answer, and the button as it was then.</summary>
    public static StepResult Once(string name, StepKind kind, bool? invites, bool? visible, params string[] errors) =>
        Step(name, kind, [Call(0, invites, fault: invites is null && kind != StepKind.Scenario ? "500 Internal Server Error" : null)], [Seen(0.5, visible)], errors);
}
