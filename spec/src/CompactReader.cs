using System.Text;
using System.Xml.Linq;

namespace Ece.Spec;

/// <summary>Reads what <see cref="CompactWriter"/> wrote, in the same order; anything else (another layout, a cut or
/// padded file) is a <see cref="FormatException"/>, so the caller parses the YAML again.</summary>
internal sealed class CompactReader(Stream stream) : IDisposable
{
    private readonly BinaryReader _in = new(stream, Encoding.UTF8, leaveOpen: false);

    public void Dispose() => _in.Dispose();

    public EceSpec Spec()
    {
        try
        {
            var spec = Read();
            return _in.BaseStream.Position == _in.BaseStream.Length ? spec : throw new FormatException("The compact form runs on past its end.");
        }
        catch (EndOfStreamException e)
        {
            throw new FormatException("The compact form is cut short.", e);
        }
    }

    private EceSpec Read() => _in.ReadString() != CompactWriter.Magic
        ? throw new FormatException("Not a compact form of this layout.")
        : new EceSpec
        {
            Title = _in.ReadString(),
            ApiVersion = _in.ReadString(),
            Revision = _in.ReadString(),
            ChatNamespace = XNamespace.Get(_in.ReadString()),
            Declarations = List(Declaration),
            DefaultBasePath = _in.ReadString(),
            ObservedBasePaths = List(_in.ReadString),
            LegacyNamespaces = Map(),
            ClientQuery = _in.ReadString(),
            ExampleEntryPoint = _in.ReadInt64(),
            Conditions = Map(),
            Quantities = Map(),
            ChatButton = ChatButton(),
            Operations = List(Operation),
            Rules = RuleCatalogue.From(_in.ReadString(), List(Rule)),
        };

    private ChatButtonPage ChatButton() => new(
        _in.ReadString(), _in.ReadString(), _in.ReadString(), _in.ReadString(), _in.ReadString(), _in.ReadString(),
        new ChatButtonStates(_in.ReadString(), _in.ReadString(), _in.ReadString(), _in.ReadString(), _in.ReadString(), _in.ReadString(), _in.ReadString(), _in.ReadString()),
        new ChatButtonParameters(_in.ReadString(), _in.ReadString(), _in.ReadString(), _in.ReadString(), _in.ReadString()),
        _in.ReadString());

    private Operation Operation() => new(
        _in.ReadString(), HttpMethod.Parse(_in.ReadString()), _in.ReadString(), new SourceSection(_in.ReadString(), _in.ReadString()),
        List(() => new ResponseSpec(_in.ReadString(), _in.ReadString(), _in.ReadString())),
        List(MediaType), Optional(Message), List(MediaType), Optional(Message), OptionalValue(_in.ReadInt64));

    private MediaTypeSpec MediaType() => new(_in.ReadString(), _in.ReadString(), Optional(_in.ReadString));

    private Message Message() => new(
        _in.ReadString(), XName.Get(_in.ReadString()), List(Field), List(Declaration), List(() => XNamespace.Get(_in.ReadString())));

    private Field Field() => new(
        _in.ReadString(), Enum.Parse<FieldNode>(_in.ReadString()), XNamespace.Get(_in.ReadString()), Optional(_in.ReadString),
        Enum.Parse<FieldType>(_in.ReadString()), _in.ReadBoolean(), Optional(_in.ReadString), List(Member), List(_in.ReadString),
        OptionalValue(_in.ReadInt32), Optional(Message));

    private EnumMember Member() => new(_in.ReadString(), _in.ReadString(), List(_in.ReadString))
    {
        Customer = Optional(_in.ReadString),
        Business = OptionalValue(_in.ReadBoolean),
    };

    private Rule Rule() => new(
        _in.ReadString(), Enum.Parse<RuleLevel>(_in.ReadString()), List(_in.ReadString), _in.ReadString(), Optional(_in.ReadString),
        _in.ReadString(), _in.ReadString(), Optional(_in.ReadString),
        new SourceQuote(new SourceSection(_in.ReadString(), _in.ReadString()), _in.ReadString(), _in.ReadString()))
    {
        Client = Optional(_in.ReadString),
        Evidence = List(_in.ReadString),
    };

    private NamespaceDeclaration Declaration() => new(_in.ReadString(), XNamespace.Get(_in.ReadString()));

    private List<T> List<T>(Func<T> read)
    {
        var count = _in.ReadInt32();
        if (count < 0 || count > _in.BaseStream.Length)
        {
            throw new FormatException($"A list of {count} items cannot be in this form.");
        }
        var items = new List<T>(count);
        for (var i = 0; i < count; i++)
        {
            items.Add(read());
        }
        return items;
    }

    private Dictionary<string, string> Map() => List(() => KeyValuePair.Create(_in.ReadString(), _in.ReadString())).ToDictionary();

    private T? Optional<T>(Func<T> read) where T : class => _in.ReadBoolean() ? read() : null;

    private T? OptionalValue<T>(Func<T> read) where T : struct => _in.ReadBoolean() ? read() : null;
}
