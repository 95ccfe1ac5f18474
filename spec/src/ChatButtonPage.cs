namespace Ece.Spec;

/// <summary>The observable contract of the sample chat-button page (openapi.yaml x-ece.chatButton): where the page
/// writes its state, which the page, the runner's browser check and the browser tests all read from here.</summary>
/// <param name="Path">Where the reference server serves the page.</param>
/// <param name="Container">The id of the element whose attributes carry the state.</param>
/// <param name="Button">The id of the chat button.</param>
/// <param name="ReasonText">The id of the element that tells the customer why no chat can start.</param>
public sealed record ChatButtonPage(
    string Path,
    string Container,
    string Button,
    string ReasonText,
    string StateAttribute,
    string ReasonAttribute,
    ChatButtonStates States,
    ChatButtonParameters Parameters,
    string Unavailable)
{
    /// <summary>The page on <paramref name="origin"/> for entry point <paramref name="entryPoint"/>, polling the
    /// operation whose root is <paramref name="source"/>; null values keep the page's own defaults.</summary>
    public Uri Url(Uri origin, string entryPoint, string? source = null, TimeSpan? poll = null, TimeSpan? timeout = null, string? api = null)
    {
        var query = new List<string> { $"{Parameters.EntryPoint}={Uri.EscapeDataString(entryPoint)}" };
        if (source is not null) { query.Add($"{Parameters.Source}={Uri.EscapeDataString(source)}"); }
        if (poll is { } p) { query.Add($"{Parameters.PollMs}={(long)p.TotalMilliseconds}"); }
        if (timeout is { } t) { query.Add($"{Parameters.TimeoutMs}={(long)t.TotalMilliseconds}"); }
        if (api is not null) { query.Add($"{Parameters.Api}={Uri.EscapeDataString(api)}"); }
        return new Uri(new Uri(origin.GetLeftPart(UriPartial.Authority)), Path + "?" + string.Join("&", query));
    }
}

/// <summary>The values of the page's state attribute.</summary>
public sealed record ChatButtonStates(string Loading, string Allowed, string Refused, string Error, string Session, string Survey, string SurveySent, string SurveyFailed);

/// <summary>The names of the page's configuration parameters.</summary>
public sealed record ChatButtonParameters(string Api, string EntryPoint, string Source, string PollMs, string TimeoutMs);
