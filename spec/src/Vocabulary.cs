namespace Ece.Spec;

/// <summary>The vocabulary shared by the spec and the code: C# names what a field means, the spec how it is written.
/// The names of openapi.yaml's x-ece.conditions: which of them hold is what the state model decides;
/// which wire value each selects is the spec's business.</summary>
public static class Condition
{
    public const string UnknownEntryPoint = "unknownEntryPoint";
    public const string EntryPointInactive = "entryPointInactive";
    public const string ServiceDown = "serviceDown";
    public const string NoAgents = "noAgents";
    public const string QueueFull = "queueFull";
    public const string OutsideBusinessHours = "outsideBusinessHours";

    public static readonly IReadOnlyList<string> All = [UnknownEntryPoint, EntryPointInactive, ServiceDown, NoAgents, QueueFull, OutsideBusinessHours];
}

/// <summary>The names of openapi.yaml's x-ece.quantities: what each answer field reports.</summary>
public static class Quantity
{
    public const string AgentsAvailable = "agentsAvailable";
    public const string Capacity = "capacity";
    public const string WaitTime = "waitTime";
    public const string QueueDepth = "queueDepth";
    public const string ChatAllowed = "chatAllowed";
    public const string Conditions = "conditions";
    public const string SessionId = "sessionId";
    public const string SurveyItems = "surveyItems";
    public const string Question = "question";
    public const string Answer = "answer";

    /// <summary>The quantities the answers of the GET operations report.</summary>
    public static readonly IReadOnlyList<string> Answers = [AgentsAvailable, Capacity, WaitTime, QueueDepth, ChatAllowed, Conditions];

    public static readonly IReadOnlyList<string> All = [.. Answers, SessionId, SurveyItems, Question, Answer];
}
