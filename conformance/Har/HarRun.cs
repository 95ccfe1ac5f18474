using Ece.Conformance.Checks;
using Ece.Conformance.Http;
using Ece.ReferenceServer;
using Ece.ReferenceServer.Replay;
using Ece.Spec;
using Microsoft.Extensions.DependencyInjection;

namespace Ece.Conformance.Har;

/// <summary>--har: judges the chat API exchanges a HAR holds. The recorded answers are served again, byte for byte, by
/// the embedded reference server (--replay), and the run's checks ask it as they would ask a live ECE; what a check
/// asks that was never recorded (an invalid id, HEAD, another Accept, a survey) is marked by the replay, and the rule
/// that needed it is skipped, "not in the HAR", never failed or left unjudged. Latency is the recorded time.</summary>
internal static class HarRun
{
    /// <summary>The HAR files given: files, and the *.har files of folders.</summary>
    public static IReadOnlyList<string> Files(IEnumerable<string> given) =>
        [.. given.SelectMany<string, string>(g => Directory.Exists(g) ? InFolder(g)
            : File.Exists(g) ? [g] : throw new UsageException($"--har: no file or folder {SafeXml.Printable(SafeXml.Cut(g, 200))}."))];

    // A folder without a recording is a wrong folder, never a run of nothing: the check command would otherwise fall
    // back to its demonstration and answer CONFORMANT about the embedded server.
    private static string[] InFolder(string folder) =>
        Directory.GetFiles(folder, "*.har").Order(StringComparer.Ordinal).ToArray() is { Length: > 0 } files ? files
        : throw new UsageException($"--har: the folder {SafeXml.Printable(SafeXml.Cut(folder, 200))} holds no .har file.");

    /// <summary>The recordings of <paramref name="files"/>; a file that is no HAR, or HARs without one chat API answer,
    /// is a UsageException (exit 2) that says which.</summary>
    public static (Recording Recording, IReadOnlyList<HarFile> Files) Read(IReadOnlyList<string> files)
    {
        if (files.Count == 0)
        {
            throw new UsageException("--har: the folder holds no .har file.");
        }
        var spec = EceSpec.Default;
        List<HarFile> read = [];
        foreach (var file in files)
        {
            if (read.Sum(f => f.Entries.Count) >= HarReader.MaxEntries)
            {
                break; // the entries kept are bounded over all files, not per file (Describe says how many were read)
            }
            try
            {
                using var reading = InputWait.Enter($"--har {file}");
                read.Add(HarReader.Read(file, spec.OperationsPath, TargetOptions.BodyCap));
            }
            catch (HarException e)
            {
                throw new UsageException(e.Message);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"--har: {file} cannot be read: {e.Message}");
            }
        }
        var recording = Recording.FromHar(spec, read);
        if (recording.IsEmpty)
        {
            var skipped = read.SelectMany(f => f.Entries).Where(e => e.Skipped is not null).ToList();
            throw new UsageException($"--har: {string.Join(", ", files)} hold{(files.Count == 1 ? "s" : "")} no answer of the chat API to judge ({read.Sum(f => f.Others)} other entries"
                + (skipped.Count > 0 ? $"; {skipped.Count} chat API entries not answered: {skipped[0].Skipped}" : "")
                + $"). Record the page while its chat button asks ECE (a URL with {spec.OperationsPath}): DevTools' Network panel, then \"Save all as HAR\".");
        }
        return (recording, read);
    }

    /// <summary>The embedded reference server answering from the recording, under the recording's base paths, on the
    /// run's clock <paramref name="time"/> (registered before the server's own default, so the one it uses).</summary>
    public static Task<LoopbackApp> ServeAsync(Recording recording, TimeProvider time, CancellationToken cancel) =>
        LoopbackApp.StartAsync(ReferenceServerApp.Build(
            ["--urls", "http://127.0.0.1:0", "--base-path", string.Join(",", recording.BasePaths.Where(b => b.Length > 0).DefaultIfEmpty(EceSpec.Default.DefaultBasePath)),
             "--Logging:LogLevel:Default=Warning"],
            builder => builder.Services.AddSingleton(time).AddSingleton(new Replayer(recording, timing: false, markMissing: true, time))), cancel);

    /// <summary>Where the answers were recorded from: the scheme, host and port of the first chat API entry with an
    /// absolute URL; empty when none has one.</summary>
    public static string Origin(Recording recording) =>
        recording.Entries.Select(e => Uri.TryCreate(e.Url, UriKind.Absolute, out var url) ? url.GetLeftPart(UriPartial.Authority) : null)
            .FirstOrDefault(o => o is not null) ?? "";

    /// <summary>What the verdict covers: how many exchanges, recorded by what, when; what was passed over.</summary>
    public static string Describe(Recording recording, IReadOnlyList<HarFile> files)
    {
        var entries = recording.Entries;
        var creators = string.Join(", ", files.Select(f => f.Creator).Where(c => c.Length > 0).Distinct().DefaultIfEmpty("an unnamed producer"));
        var skipped = files.SelectMany(f => f.Entries).Where(e => e.Skipped is not null).GroupBy(e => e.Skipped!).Select(g => $"{g.Count()} {g.Key}").ToList();
        return $"Judged from {entries.Count} chat API exchanges recorded by {creators} between {entries[0].Started:yyyy-MM-dd HH:mm:ss} and {entries[^1].Started:yyyy-MM-dd HH:mm:ss} UTC "
            + $"({string.Join(", ", files.Select(f => Path.GetFileName(f.Path)))}); {files.Sum(f => f.Others)} other entries passed over"
            + (skipped.Count > 0 ? $"; not judged as answers: {string.Join(", ", skipped)}" : "")
            + (files.Sum(f => f.Dropped) is var dropped and > 0 ? $"; {dropped} chat API entries past the first {HarReader.MaxEntries} not kept" : "")
            + ". Rules that need a request the HAR does not hold are skipped, \"not in the HAR\".";
    }

    /// <summary>How much of the recording the run judged: the checks ask as a live run does (each operation's answer
    /// once, again for the agreement rules), so the answers recorded later than those asked are not judged.</summary>
    public static string Coverage(Recording recording) =>
        recording.Served == recording.Count
            ? $"Every one of the {recording.Count} recorded answers was judged."
            : $"{recording.Served} of the {recording.Count} recorded answers were judged: the checks ask as a live run does (each operation and entry point once, then in turn for the agreement rules), so the answers recorded after those were not; split a long recording to judge more of it.";

    /// <summary>A finding that rests on a request the recording did not hold is skipped: the HAR says nothing of it.</summary>
    public static IReadOnlyList<Finding> NotInHar(IReadOnlyList<Finding> findings, IReadOnlyList<Exchange> exchanges)
    {
        var missing = exchanges.Where(x => x.Status == Replayer.NotRecordedStatus && x.ResponseHeaders.Any(h => h.Key.Equals(Replayer.NotRecordedHeader, StringComparison.OrdinalIgnoreCase)))
            .ToDictionary(x => x.Id);
        return [.. findings.Select(f => (f.Exchanges ?? []).Select(id => missing.GetValueOrDefault(id)).FirstOrDefault(x => x is not null) is { } x
            ? f with { Outcome = Outcome.Skipped, Message = $"Not in the HAR: {x.Method} {new Uri(x.Url).AbsolutePath}{(x.RequestHeaders.FirstOrDefault(h => h.Key == "Accept").Value is { } a ? $" (Accept: {a})" : "")} was not recorded.", Expected = null, Actual = null }
            : f)];
    }
}
