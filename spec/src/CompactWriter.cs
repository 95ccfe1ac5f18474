using System.Text;
using System.Xml.Linq;

namespace Ece.Spec;

/// <summary>Writes the model as <see cref="CompactReader"/> reads it: each record's members in its constructor's
/// order, lists and maps with their count first, an absent value as a 0 byte before it. Plain binary, since a JSON
/// serializer's first use costs a start-up more than the YAML it replaces saves.</summary>
internal sealed class CompactWriter(Stream stream) : IDisposable
{
    /// <summary>Changed whenever the layout below changes.</summary>
    public const string Magic = "ece-spec-compact/2";

    private readonly BinaryWriter _out = new(stream, Encoding.UTF8, leaveOpen: true);

    public void Dispose() => _out.Dispose();

    public void Spec(EceSpec s)
    {
        _out.Write(Magic);
        Strings(s.Title, s.ApiVersion, s.Revision, s.ChatNamespace.NamespaceName);
        List(s.Declarations, Declaration);
        _out.Write(s.DefaultBasePath);
        List(s.ObservedBasePaths, _out.Write);
        Map(s.LegacyNamespaces);
        _out.Write(s.ClientQuery);
        _out.Write(s.ExampleEntryPoint);
        Map(s.Conditions);
        Map(s.Quantities);
        ChatButton(s.ChatButton);
        List(s.Operations, Operation);
        _out.Write(s.Rules.Revision);
        List(s.Rules.Rules, Rule);
    }

    private void ChatButton(ChatButtonPage c)
    {
        Strings(c.Path, c.Container, c.Button, c.ReasonText, c.StateAttribute, c.ReasonAttribute);
        var st = c.States;
        Strings(st.Loading, st.Allowed, st.Refused, st.Error, st.Session, st.Survey, st.SurveySent, st.SurveyFailed);
        var p = c.Parameters;
        Strings(p.Api, p.EntryPoint, p.Source, p.PollMs, p.TimeoutMs);
        _out.Write(c.Unavailable);
    }

    private void Operation(Operation o)
    {
        Strings(o.Id, o.Method.Method, o.PathTemplate, o.Source.Fr, o.Source.En);
        List(o.Responses, r => Strings(r.Code, r.Description, r.Provenance));
        List(o.ResponseMediaTypes, MediaType);
        Optional(o.Response, Message);
        List(o.RequestMediaTypes, MediaType);
        Optional(o.Request, Message);
        Optional(o.MaxBodyBytes, _out.Write);
    }

    private void MediaType(MediaTypeSpec m)
    {
        Strings(m.MediaType, m.Provenance);
        Optional(m.ExampleFile, _out.Write);
    }

    private void Message(Message m)
    {
        Strings(m.SchemaName, m.Root.ToString());
        List(m.Fields, Field);
        List(m.Declarations, Declaration);
        List(m.AcceptedNamespaces, n => _out.Write(n.NamespaceName));
    }

    private void Field(Field f)
    {
        Strings(f.Name, f.Node.ToString(), f.Namespace.NamespaceName);
        Optional(f.Prefix, _out.Write);
        _out.Write(f.Type.ToString());
        _out.Write(f.Required);
        Optional(f.Quantity, _out.Write);
        List(f.Members, Member);
        List(f.Precedence, _out.Write);
        Optional(f.MinLength, _out.Write);
        Optional(f.Item, Message);
    }

    private void Member(EnumMember m)
    {
        Strings(m.Value, m.Meaning);
        List(m.When, _out.Write);
        Optional(m.Customer, _out.Write);
        Optional(m.Business, _out.Write);
    }

    private void Rule(Rule r)
    {
        Strings(r.Id, r.Level.ToString());
        List(r.Operations, _out.Write);
        _out.Write(r.Check);
        Optional(r.Target, _out.Write);
        Strings(r.Requirement, r.Provenance);
        Optional(r.Reasoning, _out.Write);
        Strings(r.Source.Section.Fr, r.Source.Section.En, r.Source.Fr, r.Source.En);
        Optional(r.Client, _out.Write);
        List(r.Evidence, _out.Write);
    }

    private void Declaration(NamespaceDeclaration d) => Strings(d.Prefix, d.Uri.NamespaceName);

    private void Strings(params ReadOnlySpan<string> values)
    {
        foreach (var value in values)
        {
            _out.Write(value);
        }
    }

    private void List<T>(IReadOnlyCollection<T> items, Action<T> write)
    {
        _out.Write(items.Count);
        foreach (var item in items)
        {
            write(item);
        }
    }

    private void Map(IReadOnlyDictionary<string, string> map) => List([.. map], p => Strings(p.Key, p.Value));

    private void Optional<T>(T? value, Action<T> write) where T : class
    {
        _out.Write(value is not null);
        if (value is not null)
        {
            write(value);
        }
    }

    private void Optional<T>(T? value, Action<T> write) where T : struct
    {
        _out.Write(value.HasValue);
        if (value is { } v)
        {
            write(v);
        }
    }
}
