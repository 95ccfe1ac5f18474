using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Ece.ReferenceServer.ChatApi;
using Ece.ReferenceServer.Control;
using Ece.ReferenceServer.SamplePage;
using Ece.ReferenceServer.Scenarios;
using Ece.ReferenceServer.State;
using Ece.ReferenceServer.Survey;
using Ece.Spec;
using Ece.ReferenceServer.Faults;

namespace Ece.ReferenceServer;

/// <summary>Builds the reference server; Program runs it, the runner embeds it, the tests host it.</summary>
public static partial class ReferenceServerApp
{
    /// <summary>The names of the built-in scenarios (--scenario), in the catalogue's order.</summary>
    public static IReadOnlyList<string> Scenarios => ScenarioCatalog.Names;

    /// <summary>The scenario a server starts in unless told otherwise: everything healthy, chat allowed.</summary>
    public const string DefaultScenario = ScenarioCatalog.Default;

    /// <summary>Why the binder refused a request, in the user's words: a JSON value of the wrong type is named by its
    /// path in the body, never by the server's own type that would have held it.</summary>
    private static string Refusal(BadHttpRequestException bad) => bad.InnerException switch
    {
        System.Text.Json.JsonException { Path: { Length: > 0 } path } json when json.Message.Contains("could not be converted", StringComparison.Ordinal) =>
            $"The JSON value at {path} is not of the type the control API takes there (see the control API in the README: a boolean, a number, or a string).",
        System.Text.Json.JsonException json when json.Message.Contains("could not be mapped", StringComparison.Ordinal) && json.Message.Split('\'') is [_, var member, ..] =>
            $"The JSON member '{member}' is not one the control API takes here (see the control API in the README).",
        { } inner => inner.Message,
        null => bad.Message,
    };

    /// <exception cref="ScenarioException">The scenario or state file cannot be loaded.</exception>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The slim builder: no TLS (the server serves http only, CommandLine), no QUIC, no regular-expression route
        // constraints, console logging only; a third less start-up, which every embedded run pays.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            // Its configuration is its command line and environment: no appsettings.json of whatever folder it is started
            // in, and no file watcher over that folder, which walked the whole tree at every start (a third of a run).
            Args = ["--hostBuilder:reloadConfigOnChange=false", .. WithFlagValues(args)],
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = typeof(ReferenceServerApp).Assembly.GetName().Name,
        });
        RequestLog.QuietFrameworkLogs(builder.Configuration);
        configure?.Invoke(builder);
        var options = ReferenceServerOptions.From(builder.Configuration);
        if (Control.ControlAccess.Problem(options, builder.Configuration) is { } open)
        {
            throw new StartupException(open);
        }
        var spec = EceSpec.Default;
        // The scenario is read on another core while the host is built (a tenth of an embedded run's start); one that
        // cannot be read still fails Build, below. The survey's schema set is compiled there too: compiled by the first
        // survey instead, it made that survey and every one arriving meanwhile wait for it.
        var loading = Task.Run(() =>
        {
            var scenario = ScenarioCatalog.Load(options.Scenario);
            _ = spec.Schemas;
            return scenario;
        });
        var basePaths = AddReplay(builder, spec, options, options.BasePaths.Count > 0 ? options.BasePaths : [spec.DefaultBasePath]);
        AddServices(builder, spec, options, loading);
        AddRefusals(builder.Services);
        AddCors(builder.Services, spec, options);

        var app = builder.Build();
        var scenario = loading.GetAwaiter().GetResult();
        UsePipeline(app);
        app.MapChatApi(spec, basePaths);
        app.MapSurvey(spec, basePaths);
        app.MapSamplePage(spec, basePaths[0]);
        if (options.Control)
        {
            app.MapControlApi(spec, options.ControlToken);
        }
        LogLifetime(app, spec, options, scenario.Name, basePaths);
        return app;
    }

    /// <summary>--replay: the recording and its replayer; the base paths to serve, with the recording's own.</summary>
    private static IReadOnlyList<string> AddReplay(WebApplicationBuilder builder, EceSpec spec, ReferenceServerOptions options, IReadOnlyList<string> basePaths)
    {
        if (options.Replay.Count == 0)
        {
            return basePaths;
        }
        var recording = Replay.Recording.FromHar(spec, options.Replay.Select(f => Replay.HarReader.Read(f, spec.OperationsPath, Replay.HarReader.MaxBody)));
        if (recording.IsEmpty)
        {
            throw new StartupException($"--replay: {string.Join(", ", options.Replay)} hold no answer of the chat API ({spec.OperationsPath}) to serve.");
        }
        builder.Services.AddSingleton(recording);
        builder.Services.AddSingleton(s => new Replay.Replayer(recording, options.ReplayTiming, bool.TryParse(builder.Configuration["replay-mark-missing"], out var mark) && mark, s.GetRequiredService<TimeProvider>()));
        // Under the base paths the recording used as well as its own.
        return [.. basePaths.Concat(recording.BasePaths).Distinct()];
    }

    private static void AddServices(WebApplicationBuilder builder, EceSpec spec, ReferenceServerOptions options, Task<Scenario> scenario)
    {
        if (options.LogFormat == "json")
        {
            builder.Logging.ClearProviders().AddJsonConsole(o => o.IncludeScopes = true);
        }
        builder.Services.AddSingleton(spec);
        builder.Services.AddSingleton(options);
        // Resolved after Build has waited for the scenario.
        builder.Services.AddSingleton(_ => new StateStore(scenario.Result.State));
        builder.Services.AddSingleton(new SurveyStore(options.MaxSurveys, options.MaxSurveyBytes));
        // Time comes from here (fault delays, survey times, the request log), so a test can give a FakeTimeProvider.
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<FaultInjector>();
        builder.Services.AddSingleton<AnswerCache>();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.RespectNullableAnnotations = true;
            // A number is a JSON number: "5" is refused, not read as 5 (the web defaults accept it).
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            o.SerializerOptions.TypeInfoResolver = ServerJson.Default;
        });
    }

    /// <summary>A body or parameter the binder refuses ("5" for a number, invalid JSON) becomes a problem whose detail
    /// says what was wrong, like every other refusal of the control API, instead of a bare 400.</summary>
    private static void AddRefusals(IServiceCollection services)
    {
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = DescribeRefusal);
    }

    private static void DescribeRefusal(ProblemDetailsContext c)
    {
        if (c.Exception is BadHttpRequestException bad)
        {
            c.ProblemDetails.Status = bad.StatusCode;
            c.ProblemDetails.Title = "Bad Request";
            c.ProblemDetails.Detail = SafeXml.Printable(SafeXml.Cut(Refusal(bad), SafeXml.MaxErrorCharacters));
            c.HttpContext.Response.StatusCode = bad.StatusCode;
        }
        else if (c.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType && c.ProblemDetails.Detail is null
            && c.HttpContext.Request.Path.StartsWithSegments(Control.ControlEndpoints.Prefix, StringComparison.Ordinal))
        {
            c.ProblemDetails.Detail = $"The control API takes a JSON body: send it with Content-Type: {MediaTypes.Json}.";
        }
    }

    /// <summary>--cors-origins: what ECE-GN-018 and ECE-SV-005 ask of a server whose chat button is on another site.</summary>
    private static void AddCors(IServiceCollection services, EceSpec spec, ReferenceServerOptions options) =>
        services.AddCors(cors => cors.AddPolicy(ChatApiEndpoints.CorsPolicy, policy =>
        {
            if (options.CorsOrigins.Contains("*"))
            {
                policy.AllowAnyOrigin();
            }
            else
            {
                policy.WithOrigins([.. options.CorsOrigins]);
            }
            // The methods of the spec's operations (and HEAD, which every GET route also answers).
            policy.WithMethods([.. spec.Operations.Select(o => o.Method.Method).Append(HttpMethods.Head).Distinct()]).WithHeaders("Accept", "Content-Type");
        }));

    private static void UsePipeline(WebApplication app)
    {
        app.UseRequestLog();
        app.UseHeadWithoutBody();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
            // A client's bad request is not the server's error: no stack trace in the log for it.
            SuppressDiagnosticsCallback = c => c.Exception is BadHttpRequestException,
        });
        app.UseStatusCodePages();
        UseCors(app);
    }

    /// <summary>What UseCors() adds, bound by hand: UseCors binds CorsMiddleware by reflection and compiles an
    /// expression for its Invoke (it takes a service), ~10-15 ms of every start, the embedded server's included.</summary>
    private static void UseCors(WebApplication app)
    {
        var cors = app.Services.GetRequiredService<ICorsService>();
        var policies = app.Services.GetRequiredService<ICorsPolicyProvider>();
        var logs = app.Services.GetRequiredService<ILoggerFactory>();
        app.Use(next =>
        {
            var middleware = new CorsMiddleware(next, cors, logs);
            return context => middleware.Invoke(context, policies);
        });
    }

    /// <summary>Where the server listens and what to try there once it has started; how many surveys it held when it
    /// stops.</summary>
    private static void LogLifetime(WebApplication app, EceSpec spec, ReferenceServerOptions options, string scenario, IReadOnlyList<string> basePaths)
    {
        var logger = app.Logger;
        var surveys = app.Services.GetRequiredService<SurveyStore>();
        var paths = string.Join(", ", basePaths);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var urls = string.Join(", ", app.Urls);
            LogStarted(logger, urls, scenario, paths, options.Control);
            var example = spec.Reporting(Quantity.ChatAllowed).Operation.Path(basePaths[0], spec.ExampleEntryPoint.ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var url in app.Urls.Select(u => Openable(u.TrimEnd('/'))))
            {
                string api = url + example, page = url + spec.ChatButton.Path, control = options.Control ? $", control API {url}/control/state" : "";
                LogUrls(logger, api, page, control);
            }
        });
        app.Lifetime.ApplicationStopped.Register(() =>
        {
            var count = surveys.Count;
            LogStopped(logger, count);
        });
    }

    /// <summary>A URL a person can open: an address that listens on every interface (0.0.0.0, [::]) is shown with the
    /// machine's name.</summary>
    internal static string Openable(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Host is "0.0.0.0" or "[::]" or "::")
            ? new UriBuilder(u) { Host = Environment.MachineName.ToLowerInvariant() }.Uri.GetLeftPart(UriPartial.Authority)
            : url;

    /// <summary>Lets the switches that need no value stand alone (--control), as the README shows them;
    /// the configuration's command-line parser wants a value after every switch.</summary>
    internal static string[] WithFlagValues(string[] args)
    {
        string[] flags = ["--control", "--replay-timing"];
        var result = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            result.Add(args[i]);
            if (flags.Contains(args[i]) && (i + 1 == args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal)))
            {
                result.Add(bool.TrueString);
            }
        }
        return [.. result];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "ECE reference server listening on {Urls}: scenario {Scenario}, base paths {BasePaths}, control API {Control}")]
    private static partial void LogStarted(ILogger logger, string urls, string scenario, string basePaths, bool control);

    [LoggerMessage(Level = LogLevel.Information, Message = "Try {Api}, the sample page {Page}{Control}")]
    private static partial void LogUrls(ILogger logger, string api, string page, string control);

    [LoggerMessage(Level = LogLevel.Information, Message = "ECE reference server stopped with {Surveys} surveys in memory")]
    private static partial void LogStopped(ILogger logger, int surveys);
}
