// Kestrel with nothing but a constant answer: what the reference server is measured against.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
var body = System.Text.Encoding.UTF8.GetBytes(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><chatAllowed xmlns:ns2=\"http://bindings.egain.com/chat\" allowed=\"true\"/>");
app.MapGet("/bare/{id}", (string id) => TypedResults.Bytes(body, "application/xml; charset=utf-8"));
app.Run();
