using System.Net.Http.Headers;
using System.Threading.Channels;
using Ece.Spec;

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
    // No time-out of its own: each post's is on the monitor's clock (SendAsync).
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false }) { Timeout = Timeout.InfiniteTimeSpan };
    private readonly TimeProvider _time;
    private readonly Task _sender;
    // Lock order (README, One lock order): taken with a monitor slot and the target's gate held (Publish); nothing is taken while it is held.
    private readonly Lock _lock = new();

    /// <param name="time">The clock of each post's time-out and of the wait for the queue at the end.</param>
    public ChangeNotifier(TextWriter log, Uri? webhook, MonitorMetrics metrics, TimeProvider time)
    {
        _log = log;
        _time = time;
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
                content.Headers.ContentType = new MediaTypeHeaderValue(MediaTypes.Json);
                // The connection, the request and the answer, as HttpClient.Timeout bounds them, on the monitor's clock.
                using var timeout = new CancellationTokenSource(PostTimeout, _time);
                using var response = await _http.PostAsync(_webhook, content, timeout.Token);
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
        await _sender.WaitAsync(PostTimeout * 2, _time).ContinueWith(_ => { }, TaskScheduler.Default);
        _http.Dispose();
    }
}
