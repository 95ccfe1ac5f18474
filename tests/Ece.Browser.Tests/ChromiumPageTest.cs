using Ece.Spec;
using Microsoft.Playwright;
using Microsoft.Playwright.NUnit;

namespace Ece.Browser.Tests;

/// <summary>The one place that says which browser the tests use: Debian's chromium, by path, headless
/// (Playwright cannot download its own here, and PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH is not read).</summary>
public abstract class ChromiumPageTest : PageTest
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly List<string> _pageErrors = [];

    /// <summary>The page's observable contract (openapi.yaml x-ece.chatButton).</summary>
    protected static ChatButtonPage Contract => EceSpec.Default.ChatButton;

    /// <summary>The element that carries the page's state, the chat button and the customer's reason text.</summary>
    protected ILocator Box => Page.Locator("#" + Contract.Container);

    protected ILocator Button => Page.Locator("#" + Contract.Button);

    protected ILocator Reason => Page.Locator("#" + Contract.ReasonText);

    /// <summary>Waits for the page to write <paramref name="state"/> on its container.</summary>
    protected Task ExpectState(string state, float? timeout = null) =>
        Expect(Box).ToHaveAttributeAsync(Contract.StateAttribute, state, new() { Timeout = timeout });

    /// <summary>Uncaught script errors of the page (not the browser's own network messages).</summary>
    protected IReadOnlyList<string> PageErrors => _pageErrors;

    public override Task<BrowserTypeLaunchOptions?> LaunchOptionsAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: apt-get install -y chromium (./run-tests.sh does it).");
        }
        return Task.FromResult<BrowserTypeLaunchOptions?>(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
    }

    public override BrowserNewContextOptions ContextOptions() => new() { ViewportSize = new ViewportSize { Width = 900, Height = 640 } };

    [SetUp]
    public void WatchForScriptErrors()
    {
        _pageErrors.Clear();
        Page.PageError += (_, error) => _pageErrors.Add(error);
    }

    /// <summary>Saves a screenshot of the page as an artifact of the running test.</summary>
    protected async Task<string> Screenshot(string? name = null)
    {
        var dir = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, (name ?? TestContext.CurrentContext.Test.Name).Replace('"', '_').Replace('/', '_') + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path);
        return path;
    }
}
