using System.Text;
using Ece.Conformance.Http;
using Ece.ReferenceServer;
using Ece.Spec;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Ece.Conformance.Tests;

/// <summary>An answer as the fake target sends it.</summary>
public sealed record Reply(int Status, string? ContentType, string Body)
{
    /// <summary>The mutation wrote the answer itself (slow, endless or huge bodies).</summary>
    public static readonly Reply Handled = new(0, null, "");
}

/// <summary>A request to the fake target, with the reference server's answer to it on demand.</summary>
public sealed record TargetCall(HttpContext Context, string? Operation, string? Id, Func<Task<Reply>> Upstream);

/// <summary>Changes some answers of the reference server; null leaves an answer as it is.</summary>
public delegate Task<Reply?> Mutation(TargetCall call);

/// <summary>A server on a real loopback port that answers as the reference server does, but for one mutation:
/// a deliberately broken (or unusual but correct) ECE.</summary>
public sealed class FakeTarget : IAsyncDisposable
{
    private static readonly string Prefix = EceSpec.Default.DefaultBasePath + "/chat/entrypoint/";
    private readonly LoopbackApp _app;
    private readonly LoopbackApp _reference;
    private readonly HttpClient _upstream;
    private readonly System.Runtime.CompilerServices.StrongBox<int> _requests;

    private FakeTarget(LoopbackApp app, LoopbackApp reference, HttpClient upstream, System.Runtime.CompilerServices.StrongBox<int> requests)
    {
        _app = app;
        _reference = reference;
        _upstream = upstream;
        _requests = requests;
    }

    public Uri Url => _app.Url;

    /// <summary>How many requests the target got, whatever they asked.</summary>
    public int Requests => Volatile.Read(ref _requests.Value);

    public static async Task<FakeTarget> StartAsync(Mutation mutation, string scenario = "default")
    {
        var reference = await LoopbackApp.ReferenceServerAsync(scenario, TimeProvider.System);
        var upstream = new HttpClient { BaseAddress = reference.Url };
        var app = LoopbackApp.Slim();
        var requests = new System.Runtime.CompilerServices.StrongBox<int>();
        app.Run(Handle);
        return new FakeTarget(await LoopbackApp.StartAsync(app), reference, upstream, requests);

        async Task Handle(HttpContext context)
        {
            Interlocked.Increment(ref requests.Value);
            var path = context.Request.Path.Value ?? "";
            var rest = path.StartsWith(Prefix, StringComparison.Ordinal) ? path[Prefix.Length..].Split('/') : [];
            var call = new TargetCall(context, rest.ElementAtOrDefault(0), rest.ElementAtOrDefault(1), () => Forward(upstream, context));
            Reply reply;
            try
            {
                reply = await mutation(call) ?? await call.Upstream();
            }
            catch (Exception e) when (!context.Response.HasStarted)
            {
                // A broken mutation is the test's bug, not the target's: say so in the answer the runner records
                // (and the test shows), rather than an unexplained 500.
                reply = new Reply(StatusCodes.Status500InternalServerError, "text/plain", $"FakeTarget: the mutation threw {e.GetType().Name}: {e.Message}");
            }
            if (ReferenceEquals(reply, Reply.Handled))
            {
                return;
            }
            context.Response.StatusCode = reply.Status;
            if (reply.ContentType is not null)
            {
                context.Response.ContentType = reply.ContentType;
            }
            await context.Response.WriteAsync(reply.Body);
        }
    }

    /// <summary>The reference server's answer to the request, passed on as the runner sent it.</summary>
    private static async Task<Reply> Forward(HttpClient upstream, HttpContext context)
    {
        using var request = await Forwarding.RequestAsync(context, [], long.MaxValue) ?? throw new InvalidOperationException("unreachable: no cap");
        using var response = await upstream.SendAsync(request);
        return new Reply((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _upstream.Dispose();
        await _reference.DisposeAsync();
    }
}

/// <summary>Ready-made mutations.</summary>
public static class Mutate
{
    /// <summary>The API under <paramref name="basePath"/> instead of the default; the default answers 404.</summary>
    public static Mutation ServedUnder(string basePath) => async call =>
    {
        var path = call.Context.Request.Path.Value ?? "";
        if (path.StartsWith(basePath + "/", StringComparison.Ordinal))
        {
            call.Context.Request.Path = Ece.Spec.EceSpec.Default.DefaultBasePath + path[basePath.Length..];
            return await call.Upstream();
        }
        return new Reply(404, "text/plain", "Not Found");
    };

    public const string Example = "1000";

    /// <summary>Replaces text in the answer of <paramref name="operation"/> for <paramref name="id"/>; fails the test
    /// if the text is not there, so a case can never silently stop breaking anything.</summary>
    public static Mutation Replace(string operation, string from, string to, string id = Example) => async call =>
    {
        if (call.Operation != operation || call.Id != id)
        {
            return null;
        }
        var reply = await call.Upstream();
        if (reply.ContentType?.Contains("xml", StringComparison.Ordinal) != true)
        {
            return reply; // the JSON form or a 406: this mutation is about the XML answer
        }
        return reply.Body.Contains(from, StringComparison.Ordinal)
            ? reply with { Body = reply.Body.Replace(from, to, StringComparison.Ordinal) }
            : throw new InvalidOperationException($"The mutation expected '{from}' in the {operation}/{id} answer: {reply.Body}");
    };

    public static Mutation Answer(string? operation, string? id, Func<Reply, Reply> change) => async call =>
        (operation is null || call.Operation == operation) && (id is null || call.Id == id) ? change(await call.Upstream()) : null;

    public static Mutation Handle(string? operation, string? id, Func<HttpContext, Task> write) => async call =>
    {
        if ((operation is not null && call.Operation != operation) || (id is not null && call.Id != id))
        {
            return null;
        }
        await write(call.Context);
        return Reply.Handled;
    };

    /// <summary>The reply of the first mutation that changes the answer (each is tried in turn), else none.</summary>
    public static Mutation FirstOf(params Mutation[] mutations) => async call =>
    {
        foreach (var mutation in mutations)
        {
            if (await mutation(call) is { } reply)
            {
                return reply;
            }
        }
        return null;
    };

    public static Reply Xml(string body) => new(200, "application/xml", body);

    public static string Repeat(string text, int times) => new StringBuilder(text.Length * times).Insert(0, text, times).ToString();
}
