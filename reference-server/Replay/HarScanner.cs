using System.Buffers;
using System.Text.Json;

namespace Ece.ReferenceServer.Replay;

/// <summary>A Utf8JsonReader over a stream: the buffer holds the unread bytes and grows only to hold one token, so a
/// HAR of hundreds of MB costs the largest single value it holds (at most <see cref="HarReader.MaxToken"/>).</summary>
internal sealed class HarScanner
{
    private readonly Stream _stream;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
    private int _length, _offset;
    private bool _final;
    private JsonReaderState _state = new(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
    private long _consumedBefore;
    private string? _string;
    private double _number;

    /// <param name="first">Bytes already read from the stream (what came before the JSON, passed over).</param>
    public HarScanner(Stream stream, byte[] first)
    {
        _stream = stream;
        first.CopyTo(_buffer, 0);
        _length = first.Length;
    }

    public JsonTokenType Token { get; private set; }
    public long Position => _consumedBefore + _offset;

    /// <summary>The whole file has been read into the buffer.</summary>
    public bool AtEnd => _final;

    public JsonTokenType Next()
    {
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_offset, _length - _offset), _final, _state);
            if (reader.Read())
            {
                Token = reader.TokenType;
                _string = Token is JsonTokenType.String or JsonTokenType.PropertyName ? (reader.ValueSpan.Length > HarReader.MaxToken ? null : reader.GetString()) : null;
                _number = Token == JsonTokenType.Number && reader.TryGetDouble(out var n) ? n : 0;
                _offset += (int)reader.BytesConsumed;
                _state = reader.CurrentState;
                return Token;
            }
            if (_final)
            {
                throw new JsonException("the file ends inside the JSON (a truncated HAR?)");
            }
            Fill();
        }
    }

    private void Fill()
    {
        // Keep the unread bytes, grow only if a single token does not fit, then read more.
        var left = _length - _offset;
        if (left >= _buffer.Length / 2)
        {
            if (_buffer.Length >= HarReader.MaxToken)
            {
                throw new JsonException($"a single value is larger than {HarReader.MaxToken / (1024 * 1024)} MB");
            }
            var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, _offset, bigger, 0, left);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        else
        {
            Buffer.BlockCopy(_buffer, _offset, _buffer, 0, left);
        }
        _consumedBefore += _offset;
        _offset = 0;
        _length = left;
        var read = _stream.Read(_buffer, _length, _buffer.Length - _length);
        _length += read;
        _final = read == 0;
    }

    public void Expect(JsonTokenType type, string what)
    {
        if (Next() != type)
        {
            throw new JsonException($"{what}, not {Token}");
        }
    }

    public string String() => _string ?? "";

    /// <summary>The current string value, cut at <paramref name="max"/> characters; "" for another token (skipped).</summary>
    public string Text(int max)
    {
        if (Token != JsonTokenType.String)
        {
            SkipCurrent();
            return Token is JsonTokenType.Number ? _number.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
        }
        var s = _string ?? "";
        return s.Length > max ? s[..max] : s;
    }

    public double Number()
    {
        if (Token != JsonTokenType.Number)
        {
            SkipCurrent();
            return 0;
        }
        return _number;
    }

    /// <summary>The next item of the array being read: true on an object, false at the array's end. An item that is no
    /// object (null, a number, an array) is skipped and <paramref name="other"/> told: a loop over a HAR's objects that
    /// stopped there dropped every item after it without a word (a null entry cut a recording to its first entry).</summary>
    public bool NextObject(Action? other = null)
    {
        while (Next() is var token && token != JsonTokenType.EndArray)
        {
            if (token == JsonTokenType.StartObject)
            {
                return true;
            }
            SkipCurrent();
            other?.Invoke();
        }
        return false;
    }

    /// <summary>Skips the value whose first token was just read (a container to its end).</summary>
    public void SkipCurrent()
    {
        if (Token is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return;
        }
        var depth = 1;
        while (depth > 0)
        {
            var t = Next();
            if (t is JsonTokenType.StartObject or JsonTokenType.StartArray) { depth++; }
            else if (t is JsonTokenType.EndObject or JsonTokenType.EndArray) { depth--; }
        }
    }

    /// <summary>Reads and skips the next value.</summary>
    public void SkipValue()
    {
        Next();
        SkipCurrent();
    }

    /// <summary>Calls <paramref name="member"/> with each member's name, the scanner on its value's first token; the
    /// current value skipped if it is no object.</summary>
    public void ForEachMember(Action<string> member)
    {
        if (Token != JsonTokenType.StartObject)
        {
            SkipCurrent();
            return;
        }
        while (Next() == JsonTokenType.PropertyName)
        {
            var key = String();
            Next();
            member(key);
        }
    }

    /// <summary>The members of the current object whose values are numbers, in order; the others skipped.</summary>
    public List<(string Name, double Value)> NumberMembers()
    {
        var found = new List<(string, double)>();
        ForEachMember(k =>
        {
            if (Token == JsonTokenType.Number) { found.Add((k, Number())); }
            else { SkipCurrent(); }
        });
        return found;
    }
}
