// Kestrel with nothing but a constant answer: what the reference server is measured against. The answer is a file
// given by --body (bench/server.sh gives one of spec/examples), so this program keeps no copy of the spec's vocabulary.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
var body = File.ReadAllBytes(builder.Configuration["body"] ?? throw new ArgumentException("--body FILE: the answer to send"));
app.MapGet("/bare/{id}", (string id) => TypedResults.Bytes(body, "application/xml; charset=utf-8"));
app.Run();
