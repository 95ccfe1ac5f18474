using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Ece.ReferenceServer.Control;

/// <summary>Who may use the control API. It changes the state every chat button and test sees, so it stays on the
/// machine unless asked otherwise: on an address beyond loopback it needs a token (--control-token, or the
/// ECE_CONTROL_TOKEN environment variable, which stays out of process listings), sent as a bearer token. The chat
/// API and the sample page stay open either way.</summary>
internal static class ControlAccess
{
    public const string TokenVariable = "ECE_CONTROL_TOKEN";

    /// <summary>The host's settings that name ports only (every interface): ASPNETCORE_HTTP_PORTS and its https twin.</summary>
    private static readonly string[] s_portKeys = ["http_ports", "https_ports"];

    /// <summary>Why the server must not start (--control beyond loopback without a token), or null. Every way the
    /// host can be told where to listen counts: --urls (ASPNETCORE_URLS), Kestrel's endpoints, and the ports
    /// variables (ASPNETCORE_HTTP_PORTS, which container images set, binds every interface).</summary>
    public static string? Problem(ReferenceServerOptions options, IConfiguration configuration)
    {
        if (!options.Control || options.ControlToken is not null)
        {
            return null;
        }
        var urls = (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>())
            .Concat(s_portKeys.SelectMany(k => (configuration[k] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Select(port => $"http://*:{port}"));
        var open = urls.FirstOrDefault(u => !IsLoopback(u));
        return open is null ? null
            : $"--control on {open} opens the control API beyond this machine: anyone who reaches the port could change the state every chat button and test sees. Give a token with --control-token or the {TokenVariable} environment variable (clients send Authorization: Bearer TOKEN), or listen on loopback (--urls http://127.0.0.1:PORT).";
    }

    /// <summary>Whether a --urls address listens on loopback only (localhost, 127.0.0.0/8, ::1).</summary>
    internal static bool IsLoopback(string url)
    {
        var host = Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var u) ? u.Host : "";
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }

    /// <summary>An endpoint filter that answers 401 (problem details, WWW-Authenticate: Bearer) unless the request
    /// carries the token; compared in constant time, over hashes so that the length leaks nothing either.</summary>
    public static RouteGroupBuilder RequireToken(this RouteGroupBuilder group, string? token)
    {
        if (token is null)
        {
            return group;
        }
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        group.AddEndpointFilter(async (context, next) =>
        {
            var header = context.HttpContext.Request.Headers.Authorization.ToString();
            var given = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : "";
            if (CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), expected))
            {
                return await next(context);
            }
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem("The control API needs its token: send Authorization: Bearer TOKEN (the token the server was started with).", statusCode: StatusCodes.Status401Unauthorized);
        });
        return group;
    }
}
