using Ece.Conformance.Checks;
using Ece.Conformance.Running;
using Ece.Spec;
using FluentAssertions;
using NUnit.Framework;

namespace Ece.Conformance.Tests.Running;

public class VerdictTests
{
    private static readonly Rule Must = EceSpec.Default.Rules.Rules.First(r => r.Level == RuleLevel.Must && !r.IsClient);

    private static Finding Found(Outcome outcome, string message = "finding") => new(Must, null, "1000", outcome, message);

    [Test]
    public void An_interrupted_run_counts_the_checks_done_not_those_cut_short_or_not_selected()
    {
        var findings = new[]
        {
            Found(Outcome.Passed),
            // A check whose own message reads like the stop's is still a check done: the flag says it, not the words.
            Found(Outcome.Untestable, "Interrupted (Ctrl+C or SIGTERM) before this check finished."),
            Found(Outcome.Untestable, "cut short") with { Interrupted = true },
            Found(Outcome.Skipped),
        };

        var verdict = Verdict.Interrupted(findings, planned: 5);

        verdict.Kind.Should().Be(VerdictKind.CouldNotTest);
        verdict.ExitCode.Should().Be(2);
        verdict.Summary.Should().StartWith("Interrupted after 2 of 5 checks");
    }
}
