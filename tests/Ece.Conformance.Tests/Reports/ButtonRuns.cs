using Ece.Conformance.Button;
using Ece.Conformance.Reports;
using Ece.Conformance.Running;
using Ece.Spec;
using Microsoft.Extensions.Time.Testing;

namespace Ece.Conformance.Tests.Reports;

/// <summary>A button check made by hand, no browser: a page that follows ECE's state in the default step and shows
/// its button on a 500 (ECE-CL-002 fails), with recovery planned but not run, on a fixed clock.</summary>
internal static class ButtonRuns
{
    public static readonly DateTimeOffset StartedAt = Approval.StartedAt;
    private const string EntryPoint = "1000";

    public static ButtonOptions Options { get; } = new()
    {
        Page = new Uri("https://www.acme.example/support"),
        Button = "#chat",
        Reason = "#why",
        Steps = ["default", "fault-500", "recovery"],
        Time = new FakeTimeProvider(StartedAt),
    };

    /// <summary>The steps, the rules judged over them, and the run the reports are written from.</summary>
    public static (IReadOnlyList<StepResult> Steps, IReadOnlyList<Judged> Judged, RunResult Run) Fixed()
    {
        IReadOnlyList<StepResult> steps = [Default(), Fault500()];
        var judged = ButtonJudge.JudgeAll(EceSpec.Default, steps, ButtonRun.NotRun(Options, steps), ButtonRun.NotRunSteps(Options, steps));
        return (steps, judged, ButtonReport.Result(Options, steps, judged, StartedAt, TimeSpan.FromSeconds(42)));
    }

    private static readonly string Status500 = ApiRouter.Describe(Answering.Status500);

    private static ApiCall Call(double at, bool? invites, string? fault = null) =>
        new("chatAllowed", EntryPoint, "GET", "application/xml", "", fault is null ? 200 : 500, fault is null ? "application/xml" : null, invites, TimeSpan.FromSeconds(at))
        {
            Url = $"https://ece.acme.example/system/egain/chat/entrypoint/chatAllowed/{EntryPoint}",
            Body = fault is null ? $"<chatAllowed><allowed>{(invites == true ? "true" : "false")}</allowed></chatAllowed>" : null,
            Fault = fault,
        };

    /// <summary>The page's fetches, as the page saw them send: one at a time.</summary>
    private static List<Send> Sent(params double[] at) =>
        at.Select(a => new Send(TimeSpan.FromSeconds(a), $"https://ece.acme.example/system/egain/chat/entrypoint/chatAllowed/{EntryPoint}", 0)).ToList();

    private static Sample Seen(double at, bool? visible) => new(TimeSpan.FromSeconds(at), visible);

    /// <summary>The default state, changed to no agents at 20 s and back at 40 s: the button follows each change.</summary>
    private static StepResult Default() =>
        new(new ButtonStep("default", StepKind.Scenario, "default"),
            [Call(0.2, true), Call(15.2, true), Call(30.2, false), Call(45.2, true)],
            [Seen(0.5, true), Seen(15.5, true), Seen(30.5, false), Seen(45.5, true)],
            ReasonVisible: false, Errors: [], Screenshot: [137, 80, 78, 71], HeldRequestEnded: true)
        {
            Changes = [new Change(TimeSpan.FromSeconds(20), ButtonStep.Refusal, true), new Change(TimeSpan.FromSeconds(40), "default", true)],
            Sends = Sent(0.2, 15.2, 30.2, 45.2),
            Duration = TimeSpan.FromSeconds(50),
            ChatAllowed = new ChatAllowed(true, null),
        };

    /// <summary>Every answer a 500: the page shows its button all the same.</summary>
    private static StepResult Fault500() =>
        new(new ButtonStep("fault-500", StepKind.Status500, "default"),
            [Call(0.2, null, Status500), Call(15.2, null, Status500)],
            [Seen(0.5, true), Seen(15.5, true)],
            ReasonVisible: false, Errors: [], Screenshot: [137, 80, 78, 71], HeldRequestEnded: true)
        {
            Sends = Sent(0.2, 15.2),
            Duration = TimeSpan.FromSeconds(20),
            ChatAllowed = new ChatAllowed(true, null),
        };
}
