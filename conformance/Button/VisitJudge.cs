using System.Globalization;
using Ece.Conformance.Checks;
using Ece.Spec;
using static Ece.Conformance.Button.ButtonJudge;

namespace Ece.Conformance.Button;

/// <summary>The ECE-CL rules about a visit: the button following changes of state, coming back after a fault, how
/// often and how the page asks, what interrupts the customer, and what its choice of operation costs.</summary>
internal static class VisitJudge
{
    /// <summary>The kind of interruption a new main-frame document is recorded as.</summary>
    internal const string NavigatedAway = "navigated away";

    /// <summary>The moment from which the button shows what the answers after <paramref name="change"/> (and before
    /// <paramref name="until"/>) say, and keeps showing it; null when it has not, or no answer after it was readable.</summary>
    internal static TimeSpan? Followed(IReadOnlyList<ApiCall> calls, IReadOnlyList<Sample> samples, Change change, TimeSpan until)
    {
        var after = calls.Where(c => c.At > change.At && c.At <= until).ToList();
        if (Expected(after) is not { } expected)
        {
            return null;
        }
        var answered = after.First(c => c.Invites is not null).At;
        TimeSpan? at = null;
        foreach (var sample in samples.Where(s => s.At >= answered && s.At <= until && s.Visible is not null))
        {
            at = sample.Visible == expected ? at ?? sample.At : null;
        }
        return at;
    }

    /// <summary>The changes of state a step made between healthy answers, each with the moment the next one came
    /// (or the step ended).</summary>
    internal static IEnumerable<(Change Change, TimeSpan Until)> Segments(StepResult step) =>
        step.Changes.Select((c, i) => (c, i + 1 < step.Changes.Count ? step.Changes[i + 1].At : step.Duration));

    public static Judged Follow(Rule rule, IReadOnlyList<StepResult> steps)
    {
        var visits = steps.Where(s => s.Step.Kind == StepKind.Scenario).ToList();
        if (visits.Count == 0)
        {
            return new(NotRun(rule, "a scenario step (each changes ECE's state under the open page, and back)"), []);
        }
        var all = visits.SelectMany(s => Segments(s).Where(c => !WrongAtLoad(s, c.Change)).Select(c => (Step: s, Verdict: Followed(s, c.Change, c.Until)))).ToList();
        var judged = all.Where(v => v.Verdict.Outcome != Outcome.Untestable).ToList();
        var unjudged = all.Where(v => v.Verdict.Outcome == Outcome.Untestable).Select(v => $"{v.Step.Step.Name}: {v.Verdict.Message}").ToList();
        var failed = judged.Where(v => v.Verdict.Outcome == Outcome.Failed).ToList();
        var allowed = Seconds(visits[0].FollowWithin);
        return judged.Count == 0
            ? new(Make(rule, Outcome.Untestable, visits.Any(s => s.Calls.Count >= ApiRouter.MaxCalls) && visits.All(s => s.Changes.Count == 0)
                ? $"The page sent {ApiRouter.MaxCalls} requests (the most a step answers) before it settled, so ECE's state was never changed under it; ECE-CL-008 judges the flood."
                : unjudged.Count > 0
                ? $"No change could be judged: {Listed(unjudged, 3)}."
                : "ECE's state was never changed under a settled page that read healthy answers (no scenario step asked twice, or none could be read)."), [])
            : failed.Count == 0
            ? new(Make(rule, Outcome.Passed, $"The button followed all {judged.Count} changes within {allowed}: " + Listed(judged.Select(v => $"{v.Step.Step.Name} {v.Verdict.Message}"), 4)), [])
            : Blame(failed.Select(f => f.Step), Make(rule, Outcome.Failed, Listed(failed.Select(f => $"{f.Step.Step.Name}: {f.Verdict.Message}"), 3), "follows within " + allowed, "stays"));
    }

    /// <summary>A change back to the state the page was wrong about at load: ECE-CL-001 reports that defect once.</summary>
    private static bool WrongAtLoad(StepResult step, Change change) =>
        change.To == step.Step.Scenario && AtLoad(step) is { Expected: { } expected, Visible: { } visible } && expected != visible;

    /// <summary>One change: followed (how fast), not followed (what the page did instead), or not judged.</summary>
    private static (Outcome Outcome, string Message) Followed(StepResult step, Change change, TimeSpan until)
    {
        var before = Expected(step.Calls.Where(c => c.At <= change.At));
        var after = step.Calls.Where(c => c.At > change.At && c.At <= until).ToList();
        var last = step.Calls.Where(c => c.At <= until).Select(c => c.At).DefaultIfEmpty().Max();
        var shown = Shown(step.Samples.LastOrDefault(s => s.At <= until && s.Visible is not null)?.Visible);
        var from = $"{(before == true ? "shown" : "hidden")} → {change.To} at {Seconds(change.At)}";
        if (Expected(after) is not { } expected)
        {
            var left = step.Interruptions.FirstOrDefault(i => i.Kind == NavigatedAway && i.At <= until);
            return after.Count > 0
                ? (Outcome.Untestable, $"{from}: no answer after the change could be read")
                : left is not null
                ? (Outcome.Untestable, $"{from}: the page navigated away at {Seconds(left.At)} (to {left.Text}) and the page it went to asked nothing after the change; ECE-CL-011 judges the navigation")
                : step.Workers > 0
                ? (Outcome.Untestable, $"{from}: the page asked nothing more on its clock, and it runs Web Workers, whose timers run on wall time; not judged")
                : (Outcome.Failed, $"{(before == true ? "the page never asks again once its button is shown" : "the page stops asking")}: after ECE changed to {change.To} at {Seconds(change.At)} it sent nothing in {Seconds(until - change.At)} of its time (its last request at {Seconds(last)}), and its button stayed {shown}");
        }
        return Followed(step.Calls, step.Samples, change, until) is { } followed && followed - change.At <= step.FollowWithin
            ? (Outcome.Passed, before == expected ? $"({change.To} at {Seconds(change.At)}: its answers did not change, the button stayed {shown})" : $"({change.To} in {Seconds(followed - change.At)})")
            : (Outcome.Failed, $"after ECE changed to {change.To} at {Seconds(change.At)} the page's answers say a chat {(expected ? "can" : "cannot")} start, but its button was still {shown} {Seconds(until - change.At)} later (it had {Seconds(step.FollowWithin)} to follow)");
    }

    public static Judged Recovery(Rule rule, IReadOnlyList<StepResult> steps)
    {
        var verdicts = steps.Where(s => s.Step.Kind == StepKind.Recovery).Select(s => (Step: s, Verdict: AfterLoad(s)))
            .Concat(steps.Where(s => s.Step.Kind == StepKind.FaultAndBack).Select(s => (Step: s, Verdict: AfterFault(s)))).ToList();
        var failed = verdicts.Where(v => v.Verdict.Outcome == Outcome.Failed).ToList();
        var passed = verdicts.Where(v => v.Verdict.Outcome == Outcome.Passed).ToList();
        return verdicts.Count == 0
            ? new(NotRun(rule, $"the {ButtonStep.NameOf(StepKind.Recovery)} step or the {ButtonStep.NameOf(StepKind.FaultAndBack)} step"), [])
            : failed.Count > 0
            ? Blame(failed.Select(f => f.Step), Make(rule, Outcome.Failed, Listed(failed.Select(f => $"{f.Step.Step.Name}: {f.Verdict.Message}"), 3), "another request, then the button", "no recovery"))
            : passed.Count > 0
            ? new(Make(rule, Outcome.Passed, string.Join("; ", passed.Select(p => $"{p.Step.Step.Name}: {p.Verdict.Message}"))), [])
            : new(Make(rule, Outcome.Untestable, string.Join("; ", verdicts.Select(v => $"{v.Step.Step.Name}: {v.Verdict.Message}"))), []);
    }

    /// <summary>The recovery step: the first answer failed, the next ones are healthy.</summary>
    private static (Outcome Outcome, string Message) AfterLoad(StepResult step) =>
        step.FrozeAt is { } froze
            ? (Outcome.Untestable, $"the page stopped responding at {Seconds(froze)} (ECE-CL-005), before it could be watched recovering")
            : step.Calls.Count == 0 || step.ButtonVisible is null
            ? (Outcome.Untestable, "the page made no request, or did not respond to be looked at")
            : Expected(step) is not { } healthy
            ? (Outcome.Failed, "after one failed answer the page asked nothing more: a customer never sees the button again without reloading")
            : healthy == step.ButtonVisible
            ? (Outcome.Passed, $"after a failed answer the page asked again and shows the button {(step.ButtonVisible == true ? "again" : "hidden, as the answer says")}")
            : (Outcome.Failed, $"after a failed answer the page asked again, but the button is {Shown(step.ButtonVisible)} where the answers say {Shown(healthy)}");

    /// <summary>The fault-and-back step: the button shown, ECE fails, then is healthy again while the page stays open.</summary>
    private static (Outcome Outcome, string Message) AfterFault(StepResult step)
    {
        if (step.Changes.Count < 2)
        {
            return (Outcome.Untestable, step.FrozeAt is { } froze
                ? $"the page stopped responding at {Seconds(froze)} (ECE-CL-005), before its ECE could fail and come back under it"
                : "the page was not watched long enough for its ECE to fail and come back");
        }
        var (fault, back) = (step.Changes[0], step.Changes[1]);
        if (step.Calls.FirstOrDefault(c => c.At > fault.At && c.At <= back.At && c.Fault is not null) is not { } failed)
        {
            return (Outcome.NotApplicable, $"the page asked nothing while its ECE failed ({Seconds(fault.At)} to {Seconds(back.At)}), so it never saw the fault");
        }
        // Hidden is the safe state while ECE fails: a button never hidden while ECE failed offered customers, for the
        // whole fault, a chat that could not start (the page had --follow-within after the failed answer to hide it,
        // as after a change: a page may retry before it gives up).
        var hid = step.Samples.Any(s => s.At >= failed.At && s.At <= back.At && s.Visible == false);
        var stayed = !hid && step.Samples.Any(s => s.At >= failed.At && s.At <= back.At && s.Visible == true)
            ? $"its button stayed shown while ECE failed ({Seconds(failed.At)} to {Seconds(back.At)}: customers were offered a chat that could not start; hidden is the safe state)"
            : null;
        var after = step.Calls.Where(c => c.At > back.At).ToList();
        if (Expected(after) is not { } healthy)
        {
            return (Outcome.Failed, (stayed is null ? "" : stayed + "; and ") + $"after a failed answer the page asked nothing more in {Seconds(step.Duration - back.At)} of healthy answers: its button stays {Shown(step.ButtonVisible)} until the customer reloads");
        }
        var followed = Followed(step.Calls, step.Samples, back, step.Duration) is { } at && at - back.At <= step.FollowWithin ? at : (TimeSpan?)null;
        return stayed is not null
            ? (Outcome.Failed, stayed + (followed is null ? $"; and after ECE was healthy again at {Seconds(back.At)} the button was {Shown(step.ButtonVisible)} where the answers say {Shown(healthy)}" : ""))
            : followed is { } back2
            ? (Outcome.Passed, $"the button was hidden while ECE failed and {(healthy ? "came back" : "followed the healthy answers")} {Seconds(back2 - back.At)} after ECE did")
            : (Outcome.Failed, $"ECE was healthy again at {Seconds(back.At)} and the answers say {Shown(healthy)}, but the button stayed {Shown(step.ButtonVisible)}");
    }

    /// <summary>At most <paramref name="most"/> items, then how many more: a message is never cut mid-sentence.</summary>
    internal static string Listed(IEnumerable<string> items, int most)
    {
        var all = items.ToList();
        return string.Join("; ", all.Take(most)) + (all.Count > most ? $"; and {all.Count - most} more" : "");
    }

    internal static string Seconds(TimeSpan time) => string.Create(CultureInfo.InvariantCulture, $"{time.TotalSeconds:0.#} s");
}
