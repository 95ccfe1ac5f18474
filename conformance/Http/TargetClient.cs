using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Ece.Spec;

namespace Ece.Conformance.Http;

/// <summary>Sends the runner's requests to the target and records each as an Exchange. Bounded in every
/// way: per-request time-out, body cap, concurrency, retries only for connection failures, no redirects
/// followed, and no more requests once the target has shown it does not answer.</summary>
internal sealed class TargetClient : IDisposable
{
    private readonly Uri _baseUri;
    private readonly TargetOptions _options;
    private readonly TimeProvider _time;
    private readonly HttpClient _http;
    // Lock order (README, One lock order): taken with nothing held (a check), or a monitor slot and a target's gate
    // (a monitor cycle), or a monitor slot alone (a probe's cycle); nothing is taken while it is held (a request is sent).
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentBag<Exchange> _exchanges = [];
    private int _nextId;
    private int _timeouts;

    /// <param name="time">Time-outs, back-off and durations: the run's clock, given by the command that started it;
    /// tests give a FakeTimeProvider, so they need not wait.</param>
    /// <param name="shared">Connections kept across clients (the monitor makes a client per cycle, and a new pool per
    /// cycle would open new connections every interval); made with <see cref="Handler"/>, not disposed with this client.</param>
    public TargetClient(Uri baseUri, TargetOptions options, TimeProvider time, HttpMessageHandler? shared = null)
    {
        _baseUri = baseUri;
        _options = options;
        _time = time;
        _http = shared is null
            ? new HttpClient(Handler(options)) { Timeout = Timeout.InfiniteTimeSpan }
            : new HttpClient(shared, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        _slots = new SemaphoreSlim(Math.Max(1, options.Concurrency));
    }

    /// <summary>How every connection to the target is made: no redirects followed, the given proxy and TLS choice.</summary>
    public static SocketsHttpHandler Handler(TargetOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = options.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            UseProxy = options.Proxy is not null,
            Proxy = options.Proxy is null ? null : new WebProxy(options.Proxy),
            MaxResponseHeadersLength = 64,
        };
        if (options.Insecure)
        {
#pragma warning disable CA5359 // --insecure is the operator's explicit choice, for self-signed test servers only.
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        return handler;
    }

    private long Elapsed(long started) => (long)_time.GetElapsedTime(started).TotalMilliseconds;

    /// <summary>The most of a body's text the reports keep; the rules judge the whole body (Content), the reports
    /// show its start, so their size follows the number of requests, not the target's bytes.</summary>
    public const int KeptCharacters = 4096;

    public TargetOptions Options => _options;

    /// <summary>The run's clock, for what else bounds its time against the target (the diagnosis's TLS probe).</summary>
    public TimeProvider Time => _time;

    public IReadOnlyList<Exchange> Exchanges => _exchanges.OrderBy(e => e.Id).ToList();

    /// <summary>True once several requests got no complete answer in time (stalls, drips): nothing more is sent, so a
    /// stalled target costs a few time-outs, not one per check. The run then says which --timeout would do (exit 2).</summary>
    public bool Silent => Volatile.Read(ref _timeouts) >= _options.SilentAfterTimeouts;

    /// <param name="operation">The spec's operation the request is for, if any: the reports group latencies by it.</param>
    /// <param name="headers">Headers of this request only (Origin, a preflight's), after those of --header.</param>
    public async Task<Exchange> SendAsync(HttpMethod method, string pathAndQuery, string? accept = null, HttpContent? content = null,
        string? operation = null, IReadOnlyList<KeyValuePair<string, string>>? headers = null, CancellationToken cancel = default)
    {
        var id = Interlocked.Increment(ref _nextId);
        var url = new Uri(_baseUri, pathAndQuery).ToString();
        var requestBody = content is null ? null : await content.ReadAsStringAsync(cancel);
        var exchange = new Exchange { Id = id, Method = method.Method, Url = url, RequestBody = requestBody, Operation = operation };
        if (Silent)
        {
            return Record(exchange with { Failure = ExchangeFailure.Abandoned, Error = $"not sent: {_options.SilentAfterTimeouts} earlier requests got no complete answer in time", Attempts = 0 });
        }
        await _slots.WaitAsync(cancel);
        try
        {
            if (Silent)
            {
                // Requests queue for a slot while earlier ones time out: look again before sending.
                return Record(exchange with { Failure = ExchangeFailure.Abandoned, Error = $"not sent: {_options.SilentAfterTimeouts} earlier requests got no complete answer in time", Attempts = 0 });
            }
            return Record(await SendWithRetries(exchange, method, accept, content, headers ?? [], cancel));
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task<Exchange> SendWithRetries(Exchange exchange, HttpMethod method, string? accept, HttpContent? content, IReadOnlyList<KeyValuePair<string, string>> headers, CancellationToken cancel)
    {
        for (var attempt = 1; ; attempt++)
        {
            var result = await SendOnce(exchange with { Attempts = attempt }, method, accept, content, headers, cancel);
            if (result.Failure != ExchangeFailure.Unreachable || attempt > _options.Retries)
            {
                return result;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), _time, cancel);
        }
    }

    private async Task<Exchange> SendOnce(Exchange exchange, HttpMethod method, string? accept, HttpContent? content, IReadOnlyList<KeyValuePair<string, string>> headers, CancellationToken cancel)
    {
        HttpRequestMessage Build() => NewRequest(exchange, method, accept, content?.Headers.ContentType, headers);
        using var request = Build();
        var sent = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .Select(h => KeyValuePair.Create(h.Key, Redact(h.Key, string.Join(", ", h.Value)))).ToList();
        exchange = exchange with { RequestHeaders = sent };

        using var timer = new CancellationTokenSource(_options.Timeout, _time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel, timer.Token);
        var started = _time.GetTimestamp();
        try
        {
            using var response = await SendAsync(request, Build, timeout.Token);
            return await ReadAnswerAsync(exchange, response, started, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            Interlocked.Increment(ref _timeouts);
            return exchange with { Failure = ExchangeFailure.Timeout, Error = $"no complete answer within {_options.Timeout.TotalSeconds:0.###} s", ElapsedMs = Elapsed(started) };
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError)
        {
            return exchange with { Failure = ExchangeFailure.Unreachable, Error = FailureText.Cause(e) + FailureText.SchemeHint(e, exchange.Url), ElapsedMs = Elapsed(started) };
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            // Connected, but what came back is no HTTP answer: the target is there and answered badly.
            return exchange with { Failure = ExchangeFailure.Invalid, Error = "not a valid HTTP answer: " + FailureText.Cause(e) + FailureText.SchemeHint(e as HttpRequestException, exchange.Url), ElapsedMs = Elapsed(started) };
        }
    }

    /// <summary>A new request for <paramref name="exchange"/>: made again for a second attempt, as a sent request
    /// cannot be sent twice.</summary>
    private HttpRequestMessage NewRequest(Exchange exchange, HttpMethod method, string? accept, System.Net.Http.Headers.MediaTypeHeaderValue? contentType, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var request = new HttpRequestMessage(method, exchange.Url);
        foreach (var (name, value) in _options.Headers.Concat(headers))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }
        if (exchange.RequestBody is not null)
        {
            request.Content = new StringContent(exchange.RequestBody, Encoding.UTF8);
            request.Content.Headers.ContentType = contentType;
        }
        return request;
    }

    /// <summary>The answer's status, headers and body (read up to the cap) on <paramref name="exchange"/>.</summary>
    private async Task<Exchange> ReadAnswerAsync(Exchange exchange, HttpResponseMessage response, long started, CancellationToken cancel)
    {
        // The header as sent: .NET's parser gives up on legal forms such as a trailing ";" (RFC 9110 allows empty parameters).
        var contentType = response.Content.Headers.NonValidated.TryGetValues("Content-Type", out var raw) ? raw.ToString() : null;
        var charset = MediaTypes.Parameter(contentType, "charset");
        var (bytes, read, truncated) = await ReadCapped(response.Content, cancel);
        return exchange with
        {
            Status = (int)response.StatusCode,
            ReasonPhrase = response.ReasonPhrase,
            ResponseHeaders = response.Headers.Concat(response.Content.Headers).Select(h => KeyValuePair.Create(h.Key, string.Join(", ", h.Value))).ToList(),
            MediaType = MediaTypes.TypeOf(contentType),
            Body = SafeXml.Cut(Decode(bytes, charset), KeptCharacters),
            Content = truncated ? null : bytes,
            Charset = charset,
            BodyBytesRead = read,
            BodyTruncated = truncated,
            Failure = truncated ? ExchangeFailure.TooLarge : ExchangeFailure.None,
            ElapsedMs = RecordedMs(response) ?? Elapsed(started),
        };
    }

    /// <summary>A replayed answer's time as recorded (--recorded-timings), so a replay's latencies are the original's.</summary>
    private long? RecordedMs(HttpResponseMessage response) =>
        _options.RecordedTimings && response.Headers.TryGetValues(Ece.ReferenceServer.Replay.Replayer.RecordedMsHeader, out var recorded)
        && double.TryParse(recorded.First(), System.Globalization.CultureInfo.InvariantCulture, out var ms) ? (long)ms : null;

    /// <summary>Sends; a GET or HEAD whose connection was closed before any byte of an answer is sent once more, on
    /// another connection. A server may close an idle kept-alive connection at any time (RFC 9112, 9.3), and a request
    /// can cross the close on the wire: browsers send such a request again, so a legal server must not be failed for it
    /// (found by the monitor, whose kept connections met a server closing each after one answer).</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, Func<HttpRequestMessage> again, CancellationToken cancel)
    {
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel);
        }
        catch (HttpRequestException e) when ((request.Method == HttpMethod.Get || request.Method == HttpMethod.Head) && ClosedBeforeAnswer(e))
        {
            using var second = again();
            return await _http.SendAsync(second, HttpCompletionOption.ResponseHeadersRead, cancel);
        }
    }

    /// <summary>The connection ended, or was reset, before the answer began: not an answer that is not HTTP.</summary>
    private static bool ClosedBeforeAnswer(HttpRequestException e) =>
        e.HttpRequestError == HttpRequestError.ResponseEnded
        || (e.HttpRequestError == HttpRequestError.Unknown && e.InnerException is IOException { InnerException: System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionReset } });

    private async Task<(byte[] Content, long Read, bool Truncated)> ReadCapped(HttpContent content, CancellationToken cancel)
    {
        await using var stream = await content.ReadAsStreamAsync(cancel);
        // A pooled buffer: the cap is 64 KiB, and a fresh one per request would be a large-object allocation each time
        // (the monitor sends thousands of requests a second); what is kept is copied out below.
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(_options.MaxBodyBytes + 1);
        try
        {
            var total = 0;
            int read;
            while (total < _options.MaxBodyBytes + 1 && (read = await stream.ReadAsync(buffer.AsMemory(total, _options.MaxBodyBytes + 1 - total), cancel)) > 0)
            {
                total += read;
            }
            var truncated = total > _options.MaxBodyBytes;
            var kept = truncated ? Math.Min(total, 4096) : total;
            return (buffer.AsSpan(0, kept).ToArray(), total, truncated);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A byte order mark wins, then the Content-Type charset, then UTF-8 (the XML default).</summary>
    internal static string Decode(ReadOnlySpan<byte> bytes, string? charset)
    {
        // An unknown or unsupported charset (utf-7, which crashed the run) reads as UTF-8, the XML default.
        var encoding = MediaTypes.Charset(charset) ?? Encoding.UTF8;
        foreach (var candidate in new Encoding[] { Encoding.UTF8, Encoding.Unicode, Encoding.BigEndianUnicode })
        {
            var bom = candidate.Preamble;
            if (bom.Length > 0 && bytes.StartsWith(bom))
            {
                return candidate.GetString(bytes[bom.Length..]);
            }
        }
        return encoding.GetString(bytes);
    }

    /// <summary>Credentials given with --header must not end up in reports or recordings that are handed on: any
    /// header whose name says it carries one (Authorization, Proxy-Authorization, cookies, tokens, keys, secrets,
    /// sessions, passwords).</summary>
    private static string Redact(string name, string value) =>
        s_secret.Any(s => name.Contains(s, StringComparison.OrdinalIgnoreCase)) ? "(redacted)" : value;

    private static readonly string[] s_secret = ["auth", "cookie", "token", "key", "secret", "session", "password"];

    private Exchange Record(Exchange exchange)
    {
        _exchanges.Add(exchange);
        return exchange;
    }

    public void Dispose()
    {
        _http.Dispose();
        _slots.Dispose();
    }
}
