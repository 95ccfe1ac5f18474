using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace Ece.Spec.Tests;

/// <summary>openapi.yaml and the XSDs describe the same documents: names, namespaces, types, enumerations.</summary>
public class OpenApiXsdAgreementTests
{
    private static readonly EceSpec Spec = EceSpec.Default;

    private static IEnumerable<TestCaseData> Messages() =>
        EceSpec.Default.Operations.SelectMany(o => new[] { o.Response, o.Request })
            .OfType<Message>()
            .SelectMany(m => m.AcceptedNamespaces.Select(ns => new TestCaseData(m, ns).SetArgDisplayNames(m.SchemaName, ns.NamespaceName)));

    [TestCaseSource(nameof(Messages))]
    public void The_xsd_declares_the_message_with_the_same_attributes_and_children(Message message, XNamespace rootNamespace)
    {
        var element = Global(rootNamespace + message.Root.LocalName);
        var type = (XmlSchemaComplexType)element.ElementSchemaType!;

        Attributes(type).Keys.Should().BeEquivalentTo(message.Attributes.Select(f => f.Name));
        foreach (var field in message.Attributes)
        {
            var attribute = Attributes(type)[field.Name];
            (attribute.Use == XmlSchemaUse.Required).Should().Be(field.Required, field.Name);
            AssertSameType(field, attribute.AttributeSchemaType!);
        }

        var children = Children(type).ToDictionary(e => e.QualifiedName);
        var expected = message.Elements.Select(f => ChildName(f, rootNamespace)).ToList();
        children.Keys.Should().BeEquivalentTo(expected);
        foreach (var field in message.Elements)
        {
            var child = children[ChildName(field, rootNamespace)];
            (child.MinOccurs > 0).Should().Be(field.Required, field.Name);
            if (field.Item is { } item)
            {
                child.MaxOccursString.Should().Be("unbounded");
                var itemType = (XmlSchemaComplexType)child.ElementSchemaType!;
                Children(itemType).Select(c => c.QualifiedName.Name).Should().Equal(item.Fields.Select(f => f.Name));
                foreach (var (sub, xsd) in item.Fields.Zip(Children(itemType)))
                {
                    AssertSameType(sub, (XmlSchemaSimpleType)xsd.ElementSchemaType!);
                }
            }
            else
            {
                AssertSameType(field, (XmlSchemaSimpleType)child.ElementSchemaType!);
            }
        }
    }

    [Test]
    public void The_chat_namespace_of_the_openapi_is_the_target_namespace_of_the_bindings_xsd()
    {
        Spec.Schemas.Schemas(Spec.ChatNamespace.NamespaceName).Count.Should().BeGreaterThan(0);
        Spec.ReadOnlyOperations.SelectMany(o => o.Response!.Elements).Should().OnlyContain(f => f.Namespace == Spec.ChatNamespace && f.Prefix == "ns2");
    }

    [Test]
    public void The_xsd_declares_no_root_the_openapi_does_not_describe()
    {
        var roots = Spec.Operations.SelectMany(o => new[] { o.Response, o.Request }).OfType<Message>()
            .SelectMany(m => m.AcceptedNamespaces.Select(ns => new XmlQualifiedName(m.Root.LocalName, ns.NamespaceName)));
        var fieldElements = Spec.ReadOnlyOperations.SelectMany(o => o.Response!.Elements).Select(f => new XmlQualifiedName(f.Name, f.Namespace.NamespaceName));

        Spec.Schemas.GlobalElements.Names.Cast<XmlQualifiedName>().Should().BeEquivalentTo(roots.Concat(fieldElements));
    }

    private static XmlQualifiedName ChildName(Field f, XNamespace rootNamespace) =>
        new(f.Name, (f.Namespace == XNamespace.None ? rootNamespace : f.Namespace).NamespaceName);

    private static void AssertSameType(Field field, XmlSchemaSimpleType xsd)
    {
        var facets = (xsd.Content as XmlSchemaSimpleTypeRestriction)?.Facets.Cast<XmlSchemaFacet>().ToList() ?? [];
        if (field.IsEnum)
        {
            facets.OfType<XmlSchemaEnumerationFacet>().Select(f => f.Value).Should().BeEquivalentTo(field.Members.Select(m => m.Value), field.Name);
            return;
        }
        var code = xsd.Datatype!.TypeCode;
        switch (field.Type)
        {
            case FieldType.Boolean:
                code.Should().Be(XmlTypeCode.Boolean, field.Name);
                break;
            case FieldType.NonNegativeInteger:
                code.Should().Be(XmlTypeCode.NonNegativeInteger, field.Name);
                break;
            case FieldType.NonNegativeDecimal:
                code.Should().Be(XmlTypeCode.Decimal, field.Name);
                facets.OfType<XmlSchemaMinInclusiveFacet>().Should().ContainSingle().Which.Value.Should().Be("0");
                break;
            case FieldType.Text:
                code.Should().Be(XmlTypeCode.String, field.Name);
                (facets.OfType<XmlSchemaMinLengthFacet>().SingleOrDefault()?.Value).Should().Be(field.MinLength?.ToString(), field.Name);
                break;
            default:
                Assert.Fail($"{field.Name} has a type the agreement test does not know: {field.Type}");
                break;
        }
    }

    private static XmlSchemaElement Global(XName name)
    {
        var qname = new XmlQualifiedName(name.LocalName, name.NamespaceName);
        Spec.Schemas.GlobalElements.Contains(qname).Should().BeTrue($"the XSD declares {name}");
        return (XmlSchemaElement)Spec.Schemas.GlobalElements[qname]!;
    }

    private static Dictionary<string, XmlSchemaAttribute> Attributes(XmlSchemaComplexType type) =>
        type.AttributeUses.Values.Cast<XmlSchemaAttribute>().ToDictionary(a => a.QualifiedName.Name);

    private static IEnumerable<XmlSchemaElement> Children(XmlSchemaComplexType type) =>
        (type.ContentTypeParticle as XmlSchemaGroupBase)?.Items.OfType<XmlSchemaElement>() ?? [];
}
