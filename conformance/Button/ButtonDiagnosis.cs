using static Ece.Conformance.Button.VisitJudge;

namespace Ece.Conformance.Button;

/// <summary>A mistake in the command, not in the page: a page that does not load, an --api-pattern that matches none
/// of its requests, a --button or --reason that matches no element in any step. Each is exit 2 with the option to
/// change, never a failing rule.</summary>
internal static class ButtonDiagnosis
{
    /// <summary>What to change, first mistake first; null when the steps tested the page.</summary>
    public static string? Find(ButtonOptions options, IReadOnlyList<StepResult> steps)
    {
        if (steps.FirstOrDefault(s => s.LoadError is not null) is { } failed)
        {
            return $"{failed.LoadError} (step {failed.Step.Name}). Check --page {options.Page}: it must load in a browser on this machine (--host-rule serves a page here under its production host name).";
        }
        if (steps.All(s => s.Calls.Count == 0))
        {
            var urls = steps.SelectMany(s => s.OtherUrls).Distinct().Take(5).ToList();
            var asked = urls.Count == 0 ? "It asked for nothing else either: does it ask its ECE when it loads?" : $"It asked for: {string.Join(", ", urls)}.";
            return $"the page sent no request matching --api-pattern {options.ApiPattern} in {Seconds(options.FirstRequest)} of its time, in any step. {asked} Change --api-pattern to a Playwright URL glob that matches its ECE requests (default {ButtonOptions.DefaultApiPattern}).";
        }
        // Matching nothing is a mistake only where a button was due: some step's answers said a chat can start (a page
        // may create its button only then, and the steps run may all be refusals).
        var looked = steps.Where(s => s.ButtonMatches >= 0).ToList();
        if (looked.Count > 0 && looked.All(s => s.ButtonMatches == 0) && looked.Any(s => ButtonJudge.Expected(s.Calls) == true))
        {
            var candidates = steps.SelectMany(s => s.Candidates).Distinct().Take(5).ToList();
            var like = candidates.Count == 0 ? "no element's id, class or text mentions a chat" : $"elements that look like a chat button: {string.Join("; ", candidates)}";
            return $"--button {options.Button} matches no element of the page in any step ({like}). Change --button.";
        }
        var reasons = steps.Where(s => s.ReasonMatches >= 0).ToList();
        return options.Reason is { } reason && reasons.Count > 0 && reasons.All(s => s.ReasonMatches == 0)
            ? $"--reason {reason} matches no element of the page in any step. Change --reason, or leave it out (ECE-CL-004 is then skipped)."
            : null;
    }
}
