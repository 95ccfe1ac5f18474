using System.Xml.Linq;
using Ece.Spec;
using Flurl.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Ece.ReferenceServer.Tests;

/// <summary>The reference server in memory, with the control API on, and a Flurl client for it.</summary>
public sealed class TestServer : IDisposable
{
    private readonly WebApplicationFactory<Program> _factory;

    public TestServer(string scenario = "default", params (string Key, string Value)[] settings)
        : this(null, scenario, settings)
    {
    }

    /// <param name="time">The server's clock (fault delays, survey times); null for the system's.</param>
    public TestServer(TimeProvider? time, string scenario = "default", params (string Key, string Value)[] settings)
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            if (time is not null)
            {
                builder.ConfigureTestServices(services => services.AddSingleton(time));
            }
            builder.UseSetting("scenario", scenario);
            builder.UseSetting("control", "true");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });
        Client = new FlurlClient(_factory.CreateClient()).AllowAnyHttpStatus();
    }

    public static EceSpec Spec => EceSpec.Default;

    public IFlurlClient Client { get; }

    public IServiceProvider Services => _factory.Services;

    public static string PathOf(Operation op, object? id = null, string? basePath = null) =>
        op.Path(basePath ?? Spec.DefaultBasePath, id?.ToString());

    public Task<IFlurlResponse> Get(Operation op, object id, string? accept = null)
    {
        var request = Client.Request(PathOf(op, id));
        return accept is null ? request.GetAsync() : request.WithHeader("Accept", accept).GetAsync();
    }

    /// <summary>The answer of <paramref name="op"/> for <paramref name="id"/>: status, body and parsed document.</summary>
    public async Task<Answer> Answer(Operation op, object id)
    {
        var response = await Get(op, id);
        var body = await response.GetStringAsync();
        return new Answer(op, response.StatusCode, response.ResponseMessage.Content.Headers.ContentType?.MediaType, body,
            response.StatusCode == 200 ? SafeXml.Parse(body) : null);
    }

    public async Task<Dictionary<string, Answer>> AnswersFor(object id)
    {
        var answers = new Dictionary<string, Answer>();
        foreach (var op in Spec.ReadOnlyOperations)
        {
            answers[op.Id] = await Answer(op, id);
        }
        return answers;
    }

    public void Dispose()
    {
        Client.Dispose();
        _factory.Dispose();
    }
}

public sealed record Answer(Operation Operation, int Status, string? MediaType, string Body, XDocument? Document)
{
    /// <summary>The lexical value of the field that reports <paramref name="quantity"/>, or null if absent.</summary>
    public string? Value(string quantity) => Value(Operation.Response!.Fields.Single(f => f.Quantity == quantity));

    public string? Value(Field field) => field.Node == FieldNode.Attribute
        ? Document!.Root!.Attribute(field.Name)?.Value
        : Document!.Root!.Element(field.Namespace + field.Name)?.Value;

    public string? this[string fieldName] => Value(Operation.Response!.Field(fieldName));
}
