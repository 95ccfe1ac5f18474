using System.Net.Http.Headers;
using System.Threading.Channels;

namespace Ece.Conformance.Monitor;

/// <summary>Writes each change as one JSON line on the log and, with --webhook, POSTs the same JSON. The webhook is
/// fed through a bounded queue by one sender, each POST with a time-out and no retry: a slow or failing webhook
/// costs a counted failure per change, never a storm of requests nor a queue that grows (the overflow is dropped and counted).</summary>
internal sealed class ChangeNotifier : IAsyncDisposable
{
    public const int QueueLength = 1000;
    public static readonly TimeSpan PostTimeout = TimeSpan.FromSeconds(5);

    private readonly TextWriter _log;
    private readonly Uri? _webhook;
    private readonly MonitorMetrics _metrics;
    private readonly Channel<string> _queue = Channel.CreateBounded<string>(new BoundedChannelOptions(QueueLength) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false, ConnectTimeout = PostTimeout }) { Timeout = PostTimeout };
    private readonly Task _sender;
    private readonly Lock _lock = new();

    public ChangeNotifier(TextWriter log, Uri? webhook, MonitorMetrics metrics)
    {
        _log = log;
        _webhook = webhook;
        _metrics = metrics;
        _sender = webhook is null ? Task.CompletedTask : Task.Run(SendAsync);
    }

    public void Publish(IEnumerable<ChangeEvent> changes)
    {
        foreach (var change in changes)
        {
            var json = change.ToJson();
            lock (_lock)
            {
                // One writer at a time, so lines of concurrent cycles never interleave.
                _log.WriteLine(json);
                _log.Flush();
            }
            if (_webhook is not null && !_queue.Writer.TryWrite(json))
            {
                _metrics.WebhookDropped();
            }
        }
    }

    private async Task SendAsync()
    {
        await foreach (var json in _queue.Reader.ReadAllAsync())
        {
            try
            {
                using var content = new StringContent(json, System.Text.Encoding.UTF8);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await _http.PostAsync(_webhook, content);
                if (!response.IsSuccessStatusCode)
                {
                    _metrics.WebhookFailed();
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Whatever went wrong with this post, the sender goes on: a dead sender would queue silently.
                _metrics.WebhookFailed();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        // What is queued gets its chance, bounded by the posts' own time-outs.
        await _sender.WaitAsync(PostTimeout * 2).ContinueWith(_ => { }, TaskScheduler.Default);
        _http.Dispose();
    }
}
