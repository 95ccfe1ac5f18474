using Ece.Conformance.Monitor;

namespace Ece.Conformance.Tests.Monitor;

/// <summary>--shard i/n splits a targets file the same way in every instance: each target in exactly one shard.</summary>
public class ShardTests
{
    private static readonly Uri[] s_targets = [.. Enumerable.Range(1, 200).Select(i => new Uri($"https://ece{i}.example.com/"))];

    [Test]
    public void Every_target_is_in_exactly_one_of_the_shards_and_the_split_is_the_same_each_time()
    {
        var shards = Enumerable.Range(1, 3).Select(i => new Shard(i, 3).Pick(s_targets)).ToList();

        shards.SelectMany(s => s).Should().BeEquivalentTo(s_targets);
        shards.SelectMany(s => s).Should().OnlyHaveUniqueItems();
        shards.Should().OnlyContain(s => s.Count > 40, "a hash spreads 200 targets over 3 shards");
        new Shard(2, 3).Pick(s_targets.Reverse()).Should().BeEquivalentTo(shards[1], "the order of the file does not matter");
    }

    [Test]
    public void Adding_a_target_moves_no_other_target()
    {
        var before = new Shard(1, 4).Pick(s_targets);

        new Shard(1, 4).Pick([.. s_targets, new Uri("https://new.example.com/")]).Should().Contain(before);
    }

    [TestCase("1/1")]
    [TestCase("3/3")]
    public void A_legal_shard_is_read(string value) => Shard.Parse(value).Count.Should().BeGreaterThan(0);

    [TestCase("0/3")]
    [TestCase("4/3")]
    [TestCase("1/0")]
    [TestCase("x")]
    [TestCase("1/2/3")]
    public void A_shard_out_of_range_is_a_usage_error(string value) => ((Action)(() => Shard.Parse(value))).Should().Throw<UsageException>();
}
