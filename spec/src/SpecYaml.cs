using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Ece.Spec;

internal static class SpecYaml
{
    private static readonly IDeserializer s_deserializer =
        new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();

    /// <summary>Reads a spec file; an unknown key or a syntax error names the file and the place.</summary>
    public static T Deserialize<T>(string yaml, string file)
    {
        try
        {
            return s_deserializer.Deserialize<T>(yaml);
        }
        catch (YamlException e)
        {
            throw new SpecException($"{file} ({e.Start.Line}:{e.Start.Column}): {e.InnerException?.Message ?? e.Message}");
        }
    }
}
