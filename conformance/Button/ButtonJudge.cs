using Ece.Conformance.Checks;
using Ece.Spec;

namespace Ece.Conformance.Button;

/// <summary>A rule judged over the steps, with the steps that show why it failed (their exchanges and timelines go
/// into the report).</summary>
internal sealed record Judged(Finding Finding, IReadOnlyList<string> Steps);

/// <summary>The rules of scope client (ECE-CL), each judged over the steps of a button check: the button at one
/// moment here, over a visit in <see cref="VisitJudge"/>.</summary>
internal static class ButtonJudge
{
    public static readonly IReadOnlyDictionary<string, Func<Rule, IReadOnlyList<StepResult>, Judged>> Kinds = new Dictionary<string, Func<Rule, IReadOnlyList<StepResult>, Judged>>
    {
        ["button-state"] = State,
        ["button-faults"] = Faults,
        ["button-other-form"] = OtherForm,
        ["button-reason"] = Reason,
        ["button-script-errors"] = ScriptErrors,
        ["button-request-timeout"] = RequestTimeout,
        ["button-recovery"] = VisitJudge.Recovery,
        ["button-polling"] = HabitsJudge.Polling,
        ["button-survey"] = Survey,
        ["button-follow"] = VisitJudge.Follow,
        ["button-interruptions"] = HabitsJudge.Interruptions,
        ["button-duplicate-requests"] = HabitsJudge.Duplicates,
        ["button-operation-choice"] = HabitsJudge.OperationChoice,
    };

    /// <param name="notRun">Why planned steps were not run, or null: a rule that needs them is then not judged (the
    /// verdict cannot pass on it), not skipped as a step left out with --step is.</param>
    /// <param name="notRunSteps">The planned steps not run. Whether a rule needs them is asked of its own judge: were
    /// they there (empty), would it still say it needs a step? Then they were not its steps, and its skip stands.</param>
    public static IReadOnlyList<Judged> JudgeAll(EceSpec spec, IReadOnlyList<StepResult> steps, string? notRun = null, IReadOnlyList<ButtonStep>? notRunSteps = null)
    {
        var had = notRunSteps is null ? null
            : steps.Concat(notRunSteps.Select(s => new StepResult(s, [], [], null, [], [], HeldRequestEnded: false))).ToList();
        return [.. spec.Rules.Rules.Where(r => r.IsClient).Select(r => (Rule: r, Judged: Kinds[r.Check](r, steps)))
            .Select(x => notRun is not null && IsNotRun(x.Judged.Finding) && (had is null || !IsNotRun(Kinds[x.Rule.Check](x.Rule, had).Finding))
                ? x.Judged with { Finding = x.Judged.Finding with { Outcome = Outcome.Untestable, Message = $"Not judged: its steps were not run ({notRun})" } }
                : x.Judged)];
    }

    private static bool IsNotRun(Finding finding) => finding.Outcome == Outcome.Skipped && finding.Message.StartsWith(NotSelected, StringComparison.Ordinal);

    public static IReadOnlyList<Finding> Judge(EceSpec spec, IReadOnlyList<StepResult> steps) => JudgeAll(spec, steps).Select(j => j.Finding).ToList();

    /// <summary>What the answers said last, for the operations that decide whether a chat can start: all of them
    /// invite a chat, or not; null when the page read none.</summary>
    internal static bool? Expected(StepResult step) => Expected(step.Calls);

    /// <summary>What the page showed and its answers said once it had settled in the state it was opened in, before
    /// any change under it: what ECE-CL-001 judges.</summary>
    internal static (bool? Expected, bool? Visible) AtLoad(StepResult step) => step.Changes.Count == 0
        ? (Expected(step), step.ButtonVisible ?? step.Samples.LastOrDefault(s => s.Visible is not null)?.Visible) // a page that froze shows what it last drew
        : (Expected(step.Calls.Where(c => c.At <= step.Changes[0].At)), step.Samples.LastOrDefault(s => s.At <= step.Changes[0].At)?.Visible);

    internal static bool? Expected(IEnumerable<ApiCall> calls)
    {
        var decisive = calls.Where(c => c.Invites is not null).GroupBy(c => c.Operation).Select(g => g.Last().Invites!.Value).ToList();
        return decisive.Count == 0 ? null : decisive.All(i => i);
    }

    /// <summary>The button's state in words; unknown when the page could not be looked at.</summary>
    internal static string Shown(bool? visible) => visible switch { true => "shown", false => "hidden", null => "unknown (the page did not respond)" };

    private static Judged State(Rule rule, IReadOnlyList<StepResult> steps)
    {
        // The replay step is judged as a state is: the button shows what production's recorded answers say.
        var judged = steps.Where(s => s.Step.Kind is StepKind.Scenario or StepKind.Replay).Select(s => (Step: s, Load: AtLoad(s)))
            .Where(s => s.Load is { Expected: not null, Visible: not null }).ToList();
        var wrong = judged.Where(s => s.Load.Expected != s.Load.Visible).ToList();
        return Blame(wrong.Select(w => w.Step), !steps.Any(s => s.Step.Kind is StepKind.Scenario or StepKind.Replay)
            ? NotRun(rule, "a scenario step or the replay step")
            : judged.Count == 0
            ? Make(rule, Outcome.Untestable, "The page read no answer that says whether a chat can start in any scenario, or did not respond to be looked at.")
            : wrong.Count == 0
            ? Make(rule, Outcome.Passed, $"The button follows the answers in {judged.Count} scenario{(judged.Count == 1 ? "" : "s")}.")
            : Make(rule, Outcome.Failed, "The button lies to the customer: " + string.Join("; ", wrong.Select(w => $"{w.Step.Step.Name}: the answers say a chat {(w.Load.Expected == true ? "can" : "cannot")} start, the button is {Shown(w.Load.Visible)}")),
                string.Join(", ", wrong.Select(w => $"{w.Step.Step.Name}: {Shown(w.Load.Expected == true)}")), string.Join(", ", wrong.Select(w => $"{w.Step.Step.Name}: {Shown(w.Load.Visible)}"))));
    }

    private static Judged Faults(Rule rule, IReadOnlyList<StepResult> steps)
    {
        var judged = steps.Where(s => s.Step.IsFault && s.Calls.Count > 0 && s.ButtonVisible is not null).ToList();
        var shown = judged.Where(s => s.ButtonVisible == true).ToList();
        return Blame(shown, !steps.Any(s => s.Step.IsFault)
            ? NotRun(rule, $"a fault step ({ButtonStep.FaultNames})")
            : judged.Count == 0
            ? Make(rule, Outcome.Untestable, "The page made no request in any fault step, or did not respond to be looked at.")
            : shown.Count == 0
            ? Make(rule, Outcome.Passed, $"Hidden in every fault ({string.Join(", ", judged.Select(s => s.Step.Name))}).")
            : Make(rule, Outcome.Failed, $"The button is shown while the API fails: {string.Join(", ", shown.Select(s => s.Step.Name))}.", "hidden", "shown"));
    }

    private static Judged OtherForm(Rule rule, IReadOnlyList<StepResult> steps)
    {
        var other = steps.FirstOrDefault(s => s.Step.Kind == StepKind.OtherForm);
        var plain = steps.FirstOrDefault(s => s.Step.Kind == StepKind.Scenario && s.Step.Scenario == other?.Step.Scenario);
        return Blame(other is null ? [] : [other], other is null || plain is null
            ? NotRun(rule, $"the {ButtonStep.NameOf(StepKind.OtherForm)} step and the {ButtonStep.Default} step")
            : other.Calls.Count == 0 || plain.Calls.Count == 0 || other.ButtonVisible is null || plain.ButtonVisible is null
            ? Make(rule, Outcome.Untestable, $"The page made no request in the {ButtonStep.NameOf(StepKind.OtherForm)} step or the {ButtonStep.Default} step, or did not respond to be looked at.")
            : other.ButtonVisible == plain.ButtonVisible
            ? Make(rule, Outcome.Passed, $"The button is {Shown(other.ButtonVisible)} in both forms.")
            : Make(rule, Outcome.Failed, "The same answer in another legal form changes the button (XML: the prefix chat:, no declaration, text/xml; JSON: members in another order, indented): the page reads the text, not the document.", Shown(plain.ButtonVisible), Shown(other.ButtonVisible)));
    }

    private static Judged Reason(Rule rule, IReadOnlyList<StepResult> steps)
    {
        var refused = steps.Where(s => s.Step.Kind == StepKind.Scenario && Expected(s) == false && s.ReasonVisible is not null).ToList();
        var silent = refused.Where(s => s.ReasonVisible == false).ToList();
        return Blame(silent, refused.Count == 0
            ? Make(rule, Outcome.Skipped, "Not checked: give --reason SELECTOR (the element that says why no chat can start).")
            : silent.Count == 0
            ? Make(rule, Outcome.Passed, $"A reason is shown in every refusal ({refused.Count}).")
            : Make(rule, Outcome.Failed, $"No reason is shown: {string.Join(", ", silent.Select(s => s.Step.Name))}.", "a visible reason", "none"));
    }

    private static Judged ScriptErrors(Rule rule, IReadOnlyList<StepResult> steps)
    {
        var failing = steps.Where(s => s.Errors.Count > 0).ToList();
        return Blame(failing, failing.Count == 0
            ? Make(rule, Outcome.Passed, $"No script error in {steps.Count} steps.")
            : Make(rule, Outcome.Failed, string.Join("; ", failing.Select(s => $"{s.Step.Name}: {s.Errors[0]}")), "no error", $"{failing.Sum(s => s.Errors.Count)} errors"));
    }

    private static Judged RequestTimeout(Rule rule, IReadOnlyList<StepResult> steps)
    {
        var slow = steps.FirstOrDefault(s => s.Step.Kind == StepKind.Slow);
        return Blame(slow is null ? [] : [slow], slow is null
            ? NotRun(rule, $"the {ButtonStep.NameOf(StepKind.Slow)} step")
            : slow.Calls.Count == 0
            ? Make(rule, Outcome.Untestable, $"The page made no request in the {ButtonStep.NameOf(StepKind.Slow)} step.")
            : slow.FrozeAt is { } froze && !slow.HeldRequestEnded
            ? Make(rule, Outcome.Untestable, $"The page stopped responding at {VisitJudge.Seconds(froze)} of the {ButtonStep.NameOf(StepKind.Slow)} step (ECE-CL-005), before its time-out could be watched.")
            : slow.HeldRequestEnded
            ? Make(rule, Outcome.Passed, "A request that got no answer was given up by the page, or the page asked again.")
            : Make(rule, Outcome.Failed, "A request that got no answer was still open when the step ended, and the page asked nothing more: it has no time-out.", "the page gives up and asks again", "waiting"));
    }

    /// <summary>Any survey the page posts, in any step, is one the reference server accepts: it refuses what the
    /// survey XSD does not allow, as an ECE does.</summary>
    private static Judged Survey(Rule rule, IReadOnlyList<StepResult> steps)
    {
        var survey = EceSpec.Default.Writing.Id;
        var posted = steps.SelectMany(s => s.Calls.Where(c => c.Operation == survey).Select(c => (s.Step.Name, Call: c))).ToList();
        var refused = posted.Where(p => p.Call.Refusal is not null).ToList();
        var step = steps.FirstOrDefault(s => s.Step.Kind == StepKind.Survey);
        return Blame(refused.Select(r => steps.First(s => s.Step.Name == r.Name)).Distinct().ToList(), posted.Count == 0 && step is null
            ? Make(rule, Outcome.Skipped, "Not checked: the page posted no survey. Give --survey SELECTOR… (what to click, in order, to send it).")
            : posted.Count == 0
            ? Make(rule, Outcome.Untestable, step!.NotClicked is { } click ? $"The survey could not be reached: {click}" : "The page posted no survey after the --survey clicks.")
            : refused.Count == 0
            ? Make(rule, Outcome.Passed, $"The reference server accepted every survey the page posted ({posted.Count}).")
            : Make(rule, Outcome.Failed, $"The page posted a survey an ECE refuses ({refused[0].Name}: {refused[0].Call.Refusal}): the customer's answers are lost.", "accepted (2xx)", $"{refused[0].Call.Status}"));
    }

    /// <summary>A rule whose steps were not among --step: not selected, as a rule outside --only is in a server run.</summary>
    private const string NotSelected = "Not selected: ";

    internal static Finding NotRun(Rule rule, string needs) => Make(rule, Outcome.Skipped, $"{NotSelected}needs {needs} (see --step).");

    internal static Finding Make(Rule rule, Outcome outcome, string message, string? expected = null, string? actual = null) =>
        new(rule, null, null, outcome, SafeXml.Cut(message, CheckCall.MaxText), expected, actual);

    /// <summary>The finding, with the steps that show why when it failed.</summary>
    internal static Judged Blame(IEnumerable<StepResult> culprits, Finding finding) =>
        new(finding, finding.Outcome == Outcome.Failed ? culprits.Select(s => s.Step.Name).Distinct().ToList() : []);
}
