using System.Collections.Concurrent;

namespace Ece.ReferenceServer.ChatApi;

/// <summary>Rendered answers of known entry points, valid while the state version they were made from is current.
/// Unknown ids are never cached, so a client cannot grow the cache by asking for random ids.</summary>
internal sealed class AnswerCache
{
    private readonly ConcurrentDictionary<(string Operation, long EntryPoint, string MediaType), (long Version, byte[] Body)> _answers = new();

    public byte[] GetOrRender(string operation, long entryPoint, string mediaType, long version, bool cacheable, Func<byte[]> render)
    {
        if (!cacheable)
        {
            return render();
        }
        var key = (operation, entryPoint, mediaType);
        if (_answers.TryGetValue(key, out var cached) && cached.Version == version)
        {
            return cached.Body;
        }
        var body = render();
        _answers[key] = (version, body);
        return body;
    }
}
