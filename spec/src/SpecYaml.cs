using System.Diagnostics.CodeAnalysis;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Ece.Spec;

internal static class SpecYaml
{
    /// <summary>Why YamlDotNet's reflection is safe in the native runner, where the AOT analyser cannot see it.</summary>
    private const string NativeJustification =
        "The files' types are classes with a parameterless constructor, properties of text, numbers, booleans and lists "
        + "of classes; each caller keeps its types' members (DynamicDependency). NativeRunnerTests proves the native "
        + "runner's parse writes the same compact form, byte for byte, as the JIT's.";

    private static readonly IDeserializer s_deserializer = Build();

    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = NativeJustification)]
    private static IDeserializer Build() => new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();

    /// <summary>Reads a spec file; an unknown key or a syntax error names the file and the place.</summary>
    public static T Deserialize<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor | DynamicallyAccessedMemberTypes.PublicProperties)] T>(string yaml, string file)
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
