using System.Text.Json.Serialization;
using Ece.ReferenceServer.Control;
using Ece.ReferenceServer.Faults;
using Ece.ReferenceServer.Survey;

namespace Ece.ReferenceServer;

/// <summary>Every type the control API reads or writes as JSON, from build-time metadata: the server's only resolver
/// besides ASP.NET's own for problems (AddProblemDetails puts it first), so nothing is resolved by reflection. Reflection's
/// cost fell on the first problem answered (~20 ms of an embedded run's survey checks): a problem's traceId is an
/// extension typed object, and resolving it looked up every interface of string by reflection. A type missing here
/// fails when its endpoint is mapped, in every test.</summary>
[JsonSerializable(typeof(ControlEndpoints.ServicePatch))]
[JsonSerializable(typeof(ControlEndpoints.EntryPointPatch))]
[JsonSerializable(typeof(ControlEndpoints.QueuePatch))]
[JsonSerializable(typeof(ControlEndpoints.AgentPatch))]
[JsonSerializable(typeof(IEnumerable<ScenarioListed>))]
[JsonSerializable(typeof(Fault))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, Fault>))]
[JsonSerializable(typeof(SurveysCleared))]
[JsonSerializable(typeof(IReadOnlyList<StoredSurvey>))]
internal sealed partial class ServerJson : JsonSerializerContext;
