namespace Ece.Conformance;

/// <summary>Bad arguments or input: the run cannot start (exit 2), and the message says why. It lives at the root
/// so that every layer may throw it without depending on the one that catches it (Commands).</summary>
internal sealed class UsageException(string message) : Exception(message);
