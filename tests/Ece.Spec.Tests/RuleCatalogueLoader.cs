namespace Ece.Spec.Tests;

internal static class RuleCatalogueLoader
{
    public static RuleCatalogue Parse(string yaml) => RuleCatalogue.Parse(yaml, EceSpec.Default.Operations, EceSpec.Default.Evidence.Select(e => e.Id).ToHashSet());
}
