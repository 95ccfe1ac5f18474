using System.Text;
using Ece.Conformance.Monitor;

namespace Ece.Conformance.Tests.Monitor;

/// <summary>The text exposition format as the monitor writes it: every label escaped, every value as Prometheus reads it.</summary>
public class PrometheusTextTests
{
    [TestCase("plain", "plain")]
    [TestCase("a\"b", "a\\\"b")]
    [TestCase("a\\b", "a\\\\b")]
    [TestCase("a\nb", "a\\nb")]
    [TestCase("\"} evil{x=\"1\"} 1\n", "\\\"} evil{x=\\\"1\\\"} 1\\n")]
    public void A_label_value_is_escaped_as_the_format_requires(string value, string written)
    {
        var b = new StringBuilder();
        PrometheusText.Sample(b, "ece_x", 1, ("a", value));

        b.ToString().Should().Be($"ece_x{{a=\"{written}\"}} 1\n");
        Exposition.Parse(b.ToString()).Should().ContainSingle().Which["a"].Should().Be(value);
    }

    [TestCase(0.25, "0.25")]
    [TestCase(double.PositiveInfinity, "+Inf")]
    [TestCase(double.NaN, "NaN")]
    [TestCase(1e21, "1E+21")]
    public void A_value_is_written_as_Prometheus_reads_it(double value, string written)
    {
        var b = new StringBuilder();
        PrometheusText.Sample(b, "ece_x", value);

        b.ToString().Should().Be($"ece_x {written}\n");
    }

    [TestCase(true, "true")]
    [TestCase(false, "false")]
    public void A_boolean_label_value_is_true_or_false(bool value, string written) =>
        PrometheusText.BooleanLabel(value).Should().Be(written);
}
