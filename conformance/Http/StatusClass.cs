namespace Ece.Conformance.Http;

/// <summary>The classes of HTTP status codes (RFC 9110 section 15), for the judgements that do not depend on the
/// operation: which exact statuses an operation has is the spec's business (Operation.Documented, SuccessStatus).</summary>
internal static class StatusClass
{
    public static bool Success(int? status) => status / 100 == 2;

    public static bool Redirection(int? status) => status / 100 == 3;

    public static bool ClientError(int? status) => status / 100 == 4;

    public static bool ServerError(int? status) => status / 100 == 5;
}
