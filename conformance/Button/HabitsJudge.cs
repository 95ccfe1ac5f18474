using Ece.Conformance.Checks;
using Ece.Spec;
using static Ece.Conformance.Button.ButtonJudge;
using static Ece.Conformance.Button.VisitJudge;

namespace Ece.Conformance.Button;

/// <summary>The ECE-CL rules about the page's habits over its time: how often it asks (a rate, not a gap), whether it
/// asks twice at once, what interrupts the customer when its ECE fails, and what its choice of operation costs.</summary>
internal static class HabitsJudge
{
    /// <summary>The window the rate is counted over, and the most requests for one operation in it (once a second).</summary>
    internal static readonly TimeSpan Window = TimeSpan.FromSeconds(10);
    internal const int MaxInWindow = 10;

    /// <summary>Per step and operation read (the survey aside): the most requests in any window of the page's time,
    /// and the rate a minute between its first and last request (over a window at least).</summary>
    internal static IEnumerable<(StepResult Step, string Operation, int Busiest, double PerMinute)> Rates(IReadOnlyList<StepResult> steps) =>
        from step in steps
        from calls in step.Calls.Where(c => c.Operation != EceSpec.Default.Writing.Id).GroupBy(c => c.Operation)
        let times = calls.Select(c => c.At).Order().ToList()
        where times.Count > 1
        select (step, calls.Key, Busiest(times), (times.Count - 1) / Math.Max(Window.TotalMinutes, (times[^1] - times[0]).TotalMinutes));

    /// <summary>The most times in any half-open window [t, t + Window) of sorted times.</summary>
    internal static int Busiest(IReadOnlyList<TimeSpan> times)
    {
        var most = 0;
        for (int start = 0, end = 0; start < times.Count; start++)
        {
            while (end < times.Count && times[end] - times[start] < Window)
            {
                end++;
            }
            most = Math.Max(most, end - start);
        }
        return most;
    }

    public static Judged Polling(Rule rule, IReadOnlyList<StepResult> steps)
    {
        var rates = Rates(steps).ToList();
        if (rates.Count == 0)
        {
            return new(Make(rule, Outcome.NotApplicable, "The page asked each operation once per step: it does not poll within the time watched."), []);
        }
        var worst = rates.MaxBy(r => (r.Busiest, r.PerMinute));
        var over = rates.Where(r => r.Busiest > MaxInWindow).ToList();
        // The page's clock runs a tick (250 ms) at the least, and a request sent on an answer waits for the next tick:
        // a page asking that often may ask more often than counted.
        var times = worst.Step.Calls.Where(c => c.Operation == worst.Operation).Select(c => c.At).Order().ToList();
        var least = times.Zip(times.Skip(1), (a, b) => b - a).Any(gap => gap <= PageVisit.Tick) ? "at least " : "";
        var said = $"{worst.Operation} {least}{worst.Busiest} times in {Seconds(Window)} of its time ({least}{worst.PerMinute:0.#} a minute, {worst.Step.Step.Name})";
        return over.Count == 0
            ? new(Make(rule, Outcome.Passed, $"The page asks each operation at most once a second: at its busiest, {said}."), [])
            : Blame(over.Select(o => o.Step), Make(rule, Outcome.Failed, $"The page asks {said}: every visitor's page loads the ECE that often.", $"at most {MaxInWindow} in {Seconds(Window)}", $"{worst.Busiest}"));
    }

    /// <summary>Requests for the same URL sent at the same moment of the page's time while another was awaited:
    /// the sign of two timer chains. Recurring (at least twice) before it is said.</summary>
    public static Judged Duplicates(Rule rule, IReadOnlyList<StepResult> steps)
    {
        var api = steps.Select(s => (Step: s, Sends: s.Sends.Where(x => x.Url.Contains(EceSpec.Default.OperationsPath, StringComparison.Ordinal)).ToList())).ToList();
        if (api.All(a => a.Sends.Count == 0))
        {
            return new(Make(rule, Outcome.NotApplicable, "The page sent its requests to its ECE without fetch or XMLHttpRequest, which the checker watches for this rule."), []);
        }
        var twice = api.Select(a => (a.Step, Groups: a.Sends.GroupBy(x => (x.Url, x.At)).Where(g => g.Count() > 1 && g.Any(x => x.InFlight > 0)).ToList()))
            .Where(a => a.Groups.Count >= 2).ToList();
        if (twice.Count == 0)
        {
            var once = api.SelectMany(a => a.Sends.GroupBy(x => (x.Url, x.At)).Where(g => g.Count() > 1 && g.Any(x => x.InFlight > 0)).Select(g => (a.Step, Group: g))).FirstOrDefault();
            return new(Make(rule, Outcome.Passed, once.Group is null
                ? "The page never sends two requests for the same operation at once."
                : $"The page sent {once.Group.Count()} requests for the same URL at once only once ({once.Step.Step.Name} at {Seconds(once.Group.Key.At)}), not again: no second timer chain (ECE-CL-008 judges the load)."), []);
        }
        var (step, groups) = twice.MaxBy(t => t.Groups.Count);
        var times = groups.Select(g => g.Key.At).Order().ToList();
        var every = times.Zip(times.Skip(1), (a, b) => b - a).Order().ElementAt((times.Count - 1) / 2);
        var most = groups.Max(g => g.Count());
        var operation = step.Calls.FirstOrDefault(c => groups[0].Key.Url.Contains("/" + c.Operation + "/", StringComparison.Ordinal) || groups[0].Key.Url.EndsWith("/" + c.Operation, StringComparison.Ordinal))?.Operation ?? groups[0].Key.Url;
        return Blame(twice.Select(t => t.Step), Make(rule, Outcome.Failed,
            $"The page asks {operation} {(most == 2 ? "twice" : $"{most} times")} at once every {Seconds(every)} ({step.Step.Name}, {groups.Count} times): {most} timer chains, each asking as if alone. The load is judged by ECE-CL-008; this is its cause.", "one request at a time", $"{most} at once"));
    }

    public static Judged Interruptions(Rule rule, IReadOnlyList<StepResult> steps)
    {
        var during = steps.SelectMany(s => s.Interruptions.Where(i => i.DuringFault).Select(i => (Step: s, Interruption: i))).ToList();
        var other = steps.SelectMany(s => s.Interruptions.Where(i => !i.DuringFault).Select(i => $"{s.Step.Name}: {i.Kind} \"{i.Text}\"")).ToList();
        var besides = other.Count == 0 ? "" : $" Outside faults: {string.Join("; ", other.Take(3))}{(other.Count > 3 ? $" and {other.Count - 3} more" : "")}.";
        return during.Count == 0
            ? new(Make(rule, Outcome.Passed, $"No dialog, navigation or window while the page's ECE failed.{besides}"), [])
            : Blame(during.Select(d => d.Step), Make(rule, Outcome.Failed,
                $"A failure of its ECE interrupts the customer: {string.Join("; ", during.Take(3).Select(d => $"{d.Step.Step.Name} at {Seconds(d.Interruption.At)}: {d.Interruption.Kind} \"{d.Interruption.Text}\""))}{(during.Count > 3 ? $" and {during.Count - 3} more" : "")}.{besides}",
                "no interruption", during[0].Interruption.Kind));
    }

    public static Judged OperationChoice(Rule rule, IReadOnlyList<StepResult> steps)
    {
        var allowed = EceSpec.Default.Reporting(Quantity.ChatAllowed).Operation.Id;
        var used = steps.SelectMany(s => s.Calls).Where(c => c.Invites is not null).Select(c => c.Operation).Distinct().Order(StringComparer.Ordinal).ToList();
        if (used.Count == 0)
        {
            return new(Make(rule, Outcome.Untestable, "The page read no answer that says whether a chat can start."), []);
        }
        if (used.Contains(allowed))
        {
            return new(Make(rule, Outcome.Passed, $"The page decides with {allowed}, which checks the entry point's status, the agents and the queue."), []);
        }
        var costly = steps.Where(s => s.Step.Kind is StepKind.Scenario && s.ChatAllowed is { Allowed: false } && s.ButtonVisible == true && Expected(s) == true).ToList();
        return costly.Count == 0
            ? new(Make(rule, Outcome.Passed, $"The page decides with {string.Join(" and ", used)}, and its button was hidden wherever {allowed} refuses."), [])
            : Blame(costly, Make(rule, Outcome.Failed,
                $"The page decides with {string.Join(" and ", used)}, which does not check all that {allowed} does (the entry point active, agents available, the queue below its maximum depth): its button was shown while {allowed} refused in {string.Join(", ", costly.Select(s => $"{s.Step.Name} ({s.ChatAllowed!.Reason ?? "no reason"})"))}. A customer there is offered a chat that {allowed} says cannot start; choose the operation knowingly.",
                "hidden where " + allowed + " refuses", "shown"));
    }
}
