using Ece.Spec;
using Microsoft.Playwright;

namespace Ece.Conformance.Browser;

/// <summary>The product's one browser layer: a headless Chromium found on this machine (never downloaded), driven by
/// Playwright, started on first use and closed with this object. The runner's --browser check and the button
/// command both open their pages here.</summary>
internal sealed class Chromium(string executable, IReadOnlyList<string>? hostRules = null) : IAsyncDisposable
{
    /// <summary>Where Chromium is looked for: the old headless shell first (made for automation: a page costs a
    /// quarter of the CPU of the full browser, measured by bench/button.sh), then the full browser.</summary>
    public static readonly IReadOnlyList<string> Candidates = ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    private static readonly string[] s_flags =
        ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--hide-scrollbars"];

    // Lock order (README, One lock order): taken with a button step's place held (ButtonRun), or nothing (a browser
    // check); nothing is taken while it is held (Playwright and the browser are started).
    private readonly SemaphoreSlim _start = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public string Executable => executable;

    /// <summary>The given path, or the first Chromium installed; a clear UsageException when there is none.</summary>
    /// <param name="hostRules">Chromium's host resolver rules (MAP www.example.com 127.0.0.1): a page served here
    /// under its production host name.</param>
    public static Chromium Find(string? path, IReadOnlyList<string>? hostRules = null)
    {
        if (path is not null)
        {
            return File.Exists(path) ? new Chromium(path, hostRules) : throw new UsageException($"--chromium {path} does not exist.");
        }
        return Candidates.FirstOrDefault(File.Exists) is { } found
            ? new Chromium(found, hostRules)
            : throw new UsageException($"A browser check needs Chromium, and none is installed ({string.Join(", ", Candidates)}). Install it (apt-get install -y chromium-headless-shell, or chromium) or name it with --chromium PATH.");
    }

    /// <summary>A fresh context (its own cookies and storage) with one page, 900 × 640: close it when done.</summary>
    /// <param name="recordHar">A HAR file the context records its traffic into (written when it closes), or null.</param>
    // A build without a browser hands its commands over before one gets here. The check is outside the async method:
    // there the native compiler sees that nothing behind it, Playwright included, is reachable (code after an await
    // is entered from the state machine's dispatch, not past the check).
    public Task<IBrowserContext> ContextAsync(string? recordHar = null) => BrowserSupport.IsAvailable
        ? OpenContextAsync(recordHar)
        : throw new InvalidOperationException("This build has no browser (BrowserSupport).");

    private async Task<IBrowserContext> OpenContextAsync(string? recordHar)
    {
        await _start.WaitAsync();
        try
        {
            try
            {
                _playwright ??= await Playwright.CreateAsync();
            }
            catch (PlaywrightException e) when (e.Message.Contains("Driver not found", StringComparison.Ordinal))
            {
                // A single-file publish or a copied executable without the folder Playwright's driver lives in.
                throw new UsageException($"Playwright's driver is missing ({e.Message.Split('\n')[0]}): the browser checks need the .playwright folder of the publish output beside the runner. Copy it there, or run from the repository or the .NET tool.");
            }
            try
            {
                _browser ??= await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
                {
                    ExecutablePath = executable, Headless = true,
                    Args = hostRules is { Count: > 0 } ? [.. s_flags, "--host-resolver-rules=" + string.Join(",", hostRules)] : s_flags,
                });
            }
            catch (PlaywrightException e)
            {
                // Not Chromium (/bin/false), not executable, or missing its libraries: the machine's set-up, not a page's fault.
                throw new UsageException($"Chromium {executable} could not be started ({SafeXml.Printable(SafeXml.Cut(e.Message.Split('\n')[0], 300))}): name a working one with --chromium PATH.");
            }
        }
        finally
        {
            _start.Release();
        }
        return await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            IgnoreHTTPSErrors = true, ViewportSize = new ViewportSize { Width = 900, Height = 640 },
            RecordHarPath = recordHar, RecordHarContent = recordHar is null ? null : HarContentPolicy.Embed,
        });
    }

    // Outside the async method, as ContextAsync: a build without a browser never started one.
    public ValueTask DisposeAsync() => BrowserSupport.IsAvailable ? CloseAsync() : ValueTask.CompletedTask;

    private async ValueTask CloseAsync()
    {
        try
        {
            if (_browser is not null)
            {
                await _browser.DisposeAsync();
            }
        }
        finally
        {
            // The driver (a node process) must end even when the browser's close failed.
            _playwright?.Dispose();
            _start.Dispose();
        }
    }
}
