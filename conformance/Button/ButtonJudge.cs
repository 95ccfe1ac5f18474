using Ece.Conformance.Checks;
using Ece.Spec;

namespace Ece.Conformance.Button;

/// <summary>The rules of scope client (ECE-CL), each judged over the steps of a button check.</summary>
internal static class ButtonJudge
{
    public static readonly IReadOnlyDictionary<string, Func<Rule, IReadOnlyList<StepResult>, Finding>> Kinds = new Dictionary<string, Func<Rule, IReadOnlyList<StepResult>, Finding>>
    {
        ["button-state"] = State,
        ["button-faults"] = Faults,
        ["button-other-form"] = OtherForm,
        ["button-reason"] = Reason,
        ["button-script-errors"] = ScriptErrors,
        ["button-request-timeout"] = RequestTimeout,
        ["button-recovery"] = Recovery,
        ["button-polling"] = Polling,
        ["button-survey"] = Survey,
    };

    /// <summary>The shortest time between two requests of the operation the page polls (its first request's) in a
    /// step, or null for fewer than two. Requests a page sends after an answer (the sample page's liveSessionStatus)
    /// follow that answer's timing, not the page's timer, so they are not the polling interval.</summary>
    internal static TimeSpan? ShortestInterval(StepResult step)
    {
        var polled = step.Calls.Count == 0 ? null : step.Calls[0].Operation;
        // In the order sent: a call is recorded once answered, and answers may overtake one another.
        var times = step.Calls.Where(c => c.Operation == polled).Select(c => c.At).Order().ToList();
        return times.Zip(times.Skip(1), (a, b) => b - a).Cast<TimeSpan?>().Min();
    }

    public static IReadOnlyList<Finding> Judge(EceSpec spec, IReadOnlyList<StepResult> steps) =>
        spec.Rules.Rules.Where(r => r.IsClient).Select(r => Kinds[r.Check](r, steps)).ToList();

    /// <summary>What the answers said last, for the operations that decide whether a chat can start: all of them
    /// invite a chat, or not; null when the page read none.</summary>
    internal static bool? Expected(StepResult step)
    {
        var decisive = step.Calls.Where(c => c.Invites is not null).GroupBy(c => c.Operation).Select(g => g.Last().Invites!.Value).ToList();
        return decisive.Count == 0 ? null : decisive.All(i => i);
    }

    /// <summary>The button's state in words; unknown when the page could not be looked at.</summary>
    internal static string Shown(bool? visible) => visible switch { true => "shown", false => "hidden", null => "unknown (the page did not respond)" };

    private static Finding State(Rule rule, IReadOnlyList<StepResult> steps)
    {
        var judged = steps.Where(s => s.Step.Kind == StepKind.Scenario && Expected(s) is not null && s.ButtonVisible is not null).ToList();
        var wrong = judged.Where(s => Expected(s) != s.ButtonVisible).ToList();
        return !steps.Any(s => s.Step.Kind == StepKind.Scenario)
            ? NotRun(rule, "a scenario step")
            : judged.Count == 0
            ? Make(rule, Outcome.Untestable, "The page read no answer that says whether a chat can start in any scenario.")
            : wrong.Count == 0
            ? Make(rule, Outcome.Passed, $"The button follows the answers in {judged.Count} scenarios.")
            : Make(rule, Outcome.Failed, "The button lies to the customer: " + string.Join("; ", wrong.Select(s => $"{s.Step.Name}: the answers say a chat {(Expected(s) == true ? "can" : "cannot")} start, the button is {Shown(s.ButtonVisible)}")),
                string.Join(", ", wrong.Select(s => $"{s.Step.Name}: {Shown(Expected(s) == true)}")), string.Join(", ", wrong.Select(s => $"{s.Step.Name}: {Shown(s.ButtonVisible)}")));
    }

    private static Finding Faults(Rule rule, IReadOnlyList<StepResult> steps)
    {
        var judged = steps.Where(s => s.Step.IsFault && s.Calls.Count > 0 && s.ButtonVisible is not null).ToList();
        var shown = judged.Where(s => s.ButtonVisible == true).ToList();
        return !steps.Any(s => s.Step.IsFault)
            ? NotRun(rule, "a fault step (fault-500, fault-slow, fault-malformed, fault-refused, fault-reset)")
            : judged.Count == 0
            ? Make(rule, Outcome.Untestable, "The page made no request in any fault step, or did not respond to be looked at.")
            : shown.Count == 0
            ? Make(rule, Outcome.Passed, $"Hidden in every fault ({string.Join(", ", judged.Select(s => s.Step.Name))}).")
            : Make(rule, Outcome.Failed, $"The button is shown while the API fails: {string.Join(", ", shown.Select(s => s.Step.Name))}.", "hidden", "shown");
    }

    private static Finding OtherForm(Rule rule, IReadOnlyList<StepResult> steps)
    {
        var other = steps.FirstOrDefault(s => s.Step.Kind == StepKind.OtherForm);
        var plain = steps.FirstOrDefault(s => s.Step.Kind == StepKind.Scenario && s.Step.Scenario == other?.Step.Scenario);
        return other is null || plain is null
            ? NotRun(rule, "the other-form step and the default step")
            : other.Calls.Count == 0 || plain.Calls.Count == 0 || other.ButtonVisible is null || plain.ButtonVisible is null
            ? Make(rule, Outcome.Untestable, "The page made no request in the other-form step or the default step, or did not respond to be looked at.")
            : other.ButtonVisible == plain.ButtonVisible
            ? Make(rule, Outcome.Passed, $"The button is {Shown(other.ButtonVisible)} in both forms.")
            : Make(rule, Outcome.Failed, "The same answer in another legal form changes the button (XML: the prefix chat:, no declaration, text/xml; JSON: members in another order, indented): the page reads the text, not the document.", Shown(plain.ButtonVisible), Shown(other.ButtonVisible));
    }

    private static Finding Reason(Rule rule, IReadOnlyList<StepResult> steps)
    {
        var refused = steps.Where(s => s.Step.Kind == StepKind.Scenario && Expected(s) == false && s.ReasonVisible is not null).ToList();
        var silent = refused.Where(s => s.ReasonVisible == false).ToList();
        return refused.Count == 0
            ? Make(rule, Outcome.Skipped, "Not checked: give --reason SELECTOR (the element that says why no chat can start).")
            : silent.Count == 0
            ? Make(rule, Outcome.Passed, $"A reason is shown in every refusal ({refused.Count}).")
            : Make(rule, Outcome.Failed, $"No reason is shown: {string.Join(", ", silent.Select(s => s.Step.Name))}.", "a visible reason", "none");
    }

    private static Finding ScriptErrors(Rule rule, IReadOnlyList<StepResult> steps)
    {
        var failing = steps.Where(s => s.Errors.Count > 0).ToList();
        return failing.Count == 0
            ? Make(rule, Outcome.Passed, $"No script error in {steps.Count} steps.")
            : Make(rule, Outcome.Failed, string.Join("; ", failing.Select(s => $"{s.Step.Name}: {s.Errors[0]}")), "no error", $"{failing.Sum(s => s.Errors.Count)} errors");
    }

    private static Finding RequestTimeout(Rule rule, IReadOnlyList<StepResult> steps)
    {
        var slow = steps.FirstOrDefault(s => s.Step.Kind == StepKind.Slow);
        return slow is null
            ? NotRun(rule, "the fault-slow step")
            : slow.Calls.Count == 0
            ? Make(rule, Outcome.Untestable, "The page made no request in the fault-slow step.")
            : slow.HeldRequestEnded
            ? Make(rule, Outcome.Passed, "A request that got no answer was given up by the page, or the page asked again.")
            : Make(rule, Outcome.Failed, "A request that got no answer was still open when the step ended, and the page asked nothing more: it has no time-out.", "the page gives up and asks again", "waiting");
    }

    private static Finding Recovery(Rule rule, IReadOnlyList<StepResult> steps)
    {
        var step = steps.FirstOrDefault(s => s.Step.Kind == StepKind.Recovery);
        var healthy = step is null ? null : ButtonJudge.Expected(step);
        return step is null
            ? NotRun(rule, "the recovery step")
            : step.Calls.Count == 0 || step.ButtonVisible is null
            ? Make(rule, Outcome.Untestable, "The page made no request in the recovery step, or did not respond to be looked at.")
            : healthy is null
            ? Make(rule, Outcome.Failed, "After one failed answer the page asked nothing more: a customer never sees the button again without reloading.", "another request, then the button", $"{step.Calls.Count} request")
            : healthy == step.ButtonVisible
            ? Make(rule, Outcome.Passed, $"After a failed answer the page asked again and shows the button {(step.ButtonVisible == true ? "again" : "hidden, as the answer says")}.")
            : Make(rule, Outcome.Failed, "After a failed answer the page asked again, but the button does not follow the healthy answer.", Shown(healthy.Value), Shown(step.ButtonVisible));
    }

    /// <summary>Once a second, less a fifth for the jitter of browser timers and of the moment the router sees a request.</summary>
    private static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(0.8);

    private static Finding Polling(Rule rule, IReadOnlyList<StepResult> steps)
    {
        var intervals = steps.Select(ShortestInterval).Where(i => i is not null).Select(i => i!.Value).ToList();
        return intervals.Count == 0
            ? Make(rule, Outcome.NotApplicable, "The page asked each operation once per step: it does not poll within the settle time.")
            : intervals.Min() >= MinimumInterval
            ? Make(rule, Outcome.Passed, $"The page asks each operation at most once a second (shortest interval {intervals.Min().TotalSeconds:0.0} s).")
            : Make(rule, Outcome.Failed, $"The page asks an operation every {intervals.Min().TotalMilliseconds:0} ms: every visitor's page loads the ECE that often.", "at least 1 s", $"{intervals.Min().TotalMilliseconds:0} ms");
    }

    /// <summary>Any survey the page posts, in any step, is one the reference server accepts: it refuses what the
    /// survey XSD does not allow, as an ECE does.</summary>
    private static Finding Survey(Rule rule, IReadOnlyList<StepResult> steps)
    {
        var survey = EceSpec.Default.Writing.Id;
        var posted = steps.SelectMany(s => s.Calls.Where(c => c.Operation == survey).Select(c => (s.Step.Name, Call: c))).ToList();
        var refused = posted.Where(p => p.Call.Refusal is not null).ToList();
        var step = steps.FirstOrDefault(s => s.Step.Kind == StepKind.Survey);
        return posted.Count == 0 && step is null
            ? Make(rule, Outcome.Skipped, "Not checked: the page posted no survey. Give --survey SELECTOR… (what to click, in order, to send it).")
            : posted.Count == 0
            ? Make(rule, Outcome.Untestable, step!.NotClicked is { } click ? $"The survey could not be reached: {click}" : "The page posted no survey after the --survey clicks.")
            : refused.Count == 0
            ? Make(rule, Outcome.Passed, $"The reference server accepted every survey the page posted ({posted.Count}).")
            : Make(rule, Outcome.Failed, $"The page posted a survey an ECE refuses ({refused[0].Name}: {refused[0].Call.Refusal}): the customer's answers are lost.", "accepted (2xx)", $"{refused[0].Call.Status}");
    }

    /// <summary>A rule whose steps were not among --step: not selected, as a rule outside --only is in a server run.</summary>
    private static Finding NotRun(Rule rule, string needs) => Make(rule, Outcome.Skipped, $"Not selected: needs {needs} (see --step).");

    private static Finding Make(Rule rule, Outcome outcome, string message, string? expected = null, string? actual = null) =>
        new(rule, null, null, outcome, SafeXml.Cut(message, CheckCall.MaxText), expected, actual);
}
