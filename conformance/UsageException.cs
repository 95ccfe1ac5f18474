namespace Ece.Conformance;

/// <summary>Bad arguments or input: the run cannot start (exit 2), and the message says why. It lives at the root
/// so that every layer may throw it without depending on the one that catches it (Commands).</summary>
internal sealed class UsageException(string message) : Exception(message)
{
    /// <summary>The most of a message shown: enough for any refusal this tool words.</summary>
    public const int MaxShown = 2000;

    /// <summary>The message as a terminal shows it: messages quote what the user gave (an option's value, a file's
    /// member), which may be 100 KB long or hold an escape sequence that recolours or rewrites the terminal.</summary>
    public string Shown => Ece.Spec.SafeXml.Printable(Ece.Spec.SafeXml.Cut(Message, MaxShown));
}
