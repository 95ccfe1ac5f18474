using Ece.Conformance.Checks;
using Ece.Conformance.Http;
using Ece.Conformance.Running;
using Ece.Spec;
using FluentAssertions;
using NUnit.Framework;

namespace Ece.Conformance.Tests.Running;

public class RequestNumbersTests
{
    private static readonly Rule Must = EceSpec.Default.Rules.Rules.First(r => r.Level == RuleLevel.Must && !r.IsClient);

    private static Exchange Sent(int id, string url) => new() { Id = id, Method = "GET", Url = url };

    private static Finding Citing(params int[] ids) => new(Must, null, "1000", Outcome.Passed, "finding", Exchanges: ids);

    [Test]
    public void Requests_sent_in_any_order_get_the_same_numbers()
    {
        // The same run twice, its two checks' requests sent in the other order the second time.
        var first = RequestNumbers.InCitedOrder([Citing(2, 3), Citing(4)], [Sent(1, "pre"), Sent(2, "a"), Sent(3, "b"), Sent(4, "c")], Sent(1, "pre"));
        var second = RequestNumbers.InCitedOrder([Citing(3, 4), Citing(2)], [Sent(1, "pre"), Sent(2, "c"), Sent(3, "a"), Sent(4, "b")], Sent(1, "pre"));

        second.Exchanges.Select(x => (x.Id, x.Url)).Should().Equal(first.Exchanges.Select(x => (x.Id, x.Url)));
        second.Findings.Select(f => f.Exchanges).Should().BeEquivalentTo(first.Findings.Select(f => f.Exchanges), o => o.WithStrictOrdering());
        first.Exchanges.Select(x => x.Url).Should().Equal("pre", "a", "b", "c");
    }

    [Test]
    public void A_finding_still_cites_the_request_it_cited()
    {
        var (findings, exchanges) = RequestNumbers.InCitedOrder([Citing(7), Citing(5, 6)], [Sent(5, "x"), Sent(6, "y"), Sent(7, "z")], null);

        var byId = exchanges.ToDictionary(x => x.Id);
        findings.Select(f => string.Join(",", f.Exchanges!.Select(id => byId[id].Url))).Should().Equal("z", "x,y");
    }

    [Test]
    public void Requests_no_finding_cites_come_last_by_what_they_asked_for()
    {
        var (_, exchanges) = RequestNumbers.InCitedOrder([Citing(3)], [Sent(1, "pre"), Sent(2, "q"), Sent(3, "m"), Sent(4, "b")], Sent(1, "pre"));

        exchanges.Select(x => (x.Id, x.Url)).Should().Equal((1, "pre"), (2, "m"), (3, "b"), (4, "q"));
    }
}
