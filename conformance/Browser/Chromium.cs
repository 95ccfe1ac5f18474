using System.Diagnostics;

namespace Ece.Conformance.Browser;

/// <summary>Headless Chromium run as a command: the DOM of a page once its scripts have run (within a virtual-time
/// budget), or a screenshot. Each run has its own profile directory and is killed if it overstays.</summary>
internal sealed class Chromium(string executable)
{
    public static readonly IReadOnlyList<string> Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    private static readonly string[] s_flags =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--hide-scrollbars"];

    public string Executable => executable;

    /// <summary>The given path, or the first Chromium installed; a clear UsageException when there is none.</summary>
    public static Chromium Find(string? path)
    {
        if (path is not null)
        {
            return File.Exists(path) ? new Chromium(path) : throw new UsageException($"--chromium {path} does not exist.");
        }
        return Candidates.FirstOrDefault(File.Exists) is { } found
            ? new Chromium(found)
            : throw new UsageException($"--browser needs Chromium, and none is installed ({string.Join(", ", Candidates)}). Install it (apt-get install -y chromium) or name it with --chromium PATH.");
    }

    public Task<string> DumpDomAsync(Uri page, TimeSpan budget, CancellationToken cancel) =>
        RunAsync([$"--virtual-time-budget={(int)budget.TotalMilliseconds}", "--dump-dom", page.ToString()], cancel);

    public async Task<byte[]> ScreenshotAsync(Uri page, TimeSpan budget, CancellationToken cancel)
    {
        var file = Path.Combine(Path.GetTempPath(), $"ece-shot-{Guid.NewGuid():N}.png");
        try
        {
            await RunAsync([$"--virtual-time-budget={(int)budget.TotalMilliseconds}", "--window-size=900,640", $"--screenshot={file}", page.ToString()], cancel);
            return File.Exists(file) ? await File.ReadAllBytesAsync(file, cancel) : [];
        }
        finally
        {
            File.Delete(file);
        }
    }

    private async Task<string> RunAsync(IEnumerable<string> arguments, CancellationToken cancel)
    {
        var profile = Directory.CreateTempSubdirectory("ece-chromium-");
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in s_flags.Append($"--user-data-dir={profile.FullName}").Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start.");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        limit.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(limit.Token);
            _ = process.StandardError.ReadToEndAsync(limit.Token);
            await process.WaitForExitAsync(limit.Token);
            return await output;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        finally
        {
            try { profile.Delete(recursive: true); } catch (IOException) { }
        }
    }
}
