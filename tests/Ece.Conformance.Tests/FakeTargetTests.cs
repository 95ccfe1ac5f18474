using Ece.Spec;

namespace Ece.Conformance.Tests;

/// <summary>The test harness itself: a mutation that no longer matches the answer says so, instead of breaking
/// the target in a way no test meant.</summary>
public class FakeTargetTests
{
    [Test]
    public async Task A_mutation_that_throws_is_answered_with_500_and_the_reason()
    {
        var op = EceSpec.Default.Reporting(Quantity.ChatAllowed).Operation;
        await using var target = await FakeTarget.StartAsync(Mutate.Replace(op.Id, "text no answer holds", "x"));
        using var client = new HttpClient { BaseAddress = target.Url };

        using var response = await client.GetAsync(op.Path(EceSpec.Default.DefaultBasePath, Mutate.Example));

        ((int)response.StatusCode).Should().Be(500);
        (await response.Content.ReadAsStringAsync()).Should().Contain("the mutation threw InvalidOperationException").And.Contain("text no answer holds");
    }
}
