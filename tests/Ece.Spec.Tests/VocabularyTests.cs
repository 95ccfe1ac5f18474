using System.Text.RegularExpressions;
using Ece.Spec;
using Ece.Tests;

namespace Ece.Spec.Tests;

/// <summary>One home for the spec's vocabulary: no name, namespace URI, enumeration value, page contract value or
/// documented status of the spec is written as a literal in the runner or the reference server (C# and JS). They
/// take it from the spec model (or ece-api.js), so a change to the spec cannot leave a stale copy behind.</summary>
public partial class VocabularyTests
{
    private static readonly string[] s_folders = ["conformance", "reference-server"];

    [Test]
    public void No_spec_vocabulary_is_written_as_a_literal_in_the_runner_or_the_reference_server()
    {
        var vocabulary = Vocabulary(EceSpec.Default);

        var found = SourceFiles().SelectMany(file => Literals(file, vocabulary)).ToList();

        found.Should().BeEmpty("these take their value from the spec model (EceSpec, Lexical, ChatButtonPage, Operation.Documented) or ece-api.js:\n"
            + string.Join("\n", found));
    }

    /// <summary>The monitor's shipped files (Prometheus configuration, alerts and their tests) and the benchmarks are
    /// read by people and tools that copy them: an operation, path or reason written there goes stale with the spec. The
    /// alerts match labels the monitor sets from the spec (level, outcome, business), never a value of the spec; the
    /// benchmarks read what they need from spec/ (bench/spec.sh).</summary>
    [Test]
    public void No_distinctive_spec_term_is_written_in_the_monitor_files_or_the_benchmarks()
    {
        var terms = Vocabulary(EceSpec.Default).Distinctive;
        var files = Directory.EnumerateFiles(RepositoryFiles.Path("monitor"))
            .Concat(Directory.EnumerateFiles(RepositoryFiles.Path("bench"), "*.sh"))
            .Concat(Directory.EnumerateFiles(RepositoryFiles.Path("bench", "BareKestrel"), "*.cs"));

        var found = files.SelectMany(f => Words(Path.GetRelativePath(RepositoryFiles.Root, f), File.ReadAllLines(f), terms)).ToList();

        found.Should().BeEmpty("the alerts' tests can use neutral values, and the benchmarks can read spec/ through bench/spec.sh:\n" + string.Join("\n", found));
    }

    [TestCase("  - series: 'ece_rule_outcome{operation=\"chatAllowed\"}'", "chatAllowed")]
    [TestCase("curl -sf \"http://127.0.0.2:$port/system/egain/chat/entrypoint/chatAllowed/1000\"", "chatAllowed")]
    public void A_spec_term_in_a_monitor_file_is_found(string line, string term) =>
        Words("monitor/alerts.test.yml", [line], Vocabulary(EceSpec.Default).Distinctive).Should().Contain(f => f.Contains($"'{term}'", StringComparison.Ordinal));

    /// <summary>Distinctive terms as whole words anywhere in a line: these files have no string literals to look inside.</summary>
    private static IEnumerable<string> Words(string path, string[] lines, HashSet<string> terms)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            foreach (var term in terms.Where(t => Regex.IsMatch(lines[i], $@"(?<!\w){Regex.Escape(t)}(?!\w)")))
            {
                yield return $"{path}:{i + 1}: '{term}'";
            }
        }
    }

    [TestCase("var op = \"chatAllowed\";", "chatAllowed")]
    [TestCase("if (value == \"queue_depth_reached\")", "queue_depth_reached")]
    [TestCase("var ns = \"http://bindings.egain.com/chat\";", "http://bindings.egain.com/chat")]
    [TestCase("Fail($\"{x} does not show what chatAllowed answered.\")", "chatAllowed")]
    [TestCase("return x is { Status: 406 };", "406")]
    [TestCase("if (box.dataset.state === 'refused') {", "refused", "chat-button.js")]
    [TestCase("text is \"true\" or \"false\"", "true")]
    [TestCase("Fail($\"the server's ns is not http://bindings.egain.com/chat\")", "http://bindings.egain.com/chat")]
    public void A_literal_of_the_vocabulary_put_back_is_found(string line, string term, string file = "Example.cs")
    {
        Literals((file, [line]), Vocabulary(EceSpec.Default)).Should().ContainSingle(f => f.Contains($"'{term}'"));
    }

    [TestCase("var message = \"The answer is not the expected XML.\";")]
    [TestCase("// chatAllowed says why, in a comment")]
    [TestCase("var timeout = TimeSpan.FromSeconds(200);")]
    [TestCase("Describe(\"the reason it gives\")")]
    public void Words_of_plain_english_comments_and_other_numbers_are_not_vocabulary(string line)
    {
        Literals(("Example.cs", [line]), Vocabulary(EceSpec.Default)).Should().BeEmpty();
    }

    /// <summary>Distinctive terms (camelCase, with a digit, underscore, colon or slash) are found inside any literal,
    /// as a whole word; plain words (allowed, reason, capacity) only as a whole literal, since messages use them as English.
    /// The page's states are judged in the page's script only: words such as "error" name other things in C# (JUnit's element).</summary>
    private sealed record Terms(HashSet<string> Distinctive, HashSet<string> Whole, HashSet<string> PageStates, HashSet<int> Statuses);

    private static Terms Vocabulary(EceSpec spec)
    {
        var terms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var op in spec.Operations)
        {
            terms.Add(op.Id);
            terms.Add(op.PathTemplate);
            var message = op.Response ?? op.Request!;
            terms.Add(message.Root.LocalName);
            foreach (var field in message.Fields.Concat(message.Fields.SelectMany(f => f.Item?.Fields ?? [])))
            {
                terms.Add(field.Name);
                terms.UnionWith(field.Members.Select(m => m.Value));
            }
        }
        terms.Add(spec.OperationsPath);
        terms.Add(spec.ChatNamespace.NamespaceName);
        terms.UnionWith(spec.Declarations.Select(d => d.Uri.NamespaceName));
        terms.UnionWith(spec.LegacyNamespaces.Keys);
        terms.UnionWith(spec.ObservedBasePaths.Append(spec.DefaultBasePath));
        terms.UnionWith(spec.Conditions.Keys);
        terms.UnionWith(spec.Quantities.Keys);
        terms.UnionWith(Lexical.True.Concat(Lexical.False).Where(t => t.Length > 1));
        var page = spec.ChatButton;
        terms.UnionWith([page.Path, page.Container, page.Button, page.ReasonText, page.StateAttribute, page.ReasonAttribute]);
        var states = typeof(ChatButtonStates).GetProperties().Select(p => (string)p.GetValue(page.States)!).ToHashSet(StringComparer.Ordinal);
        var statuses = spec.Operations.SelectMany(o => o.Responses).Select(r => int.TryParse(r.Code, out var c) ? c : 0).Where(c => c > 0).ToHashSet();
        bool IsDistinctive(string t) => t.Any(char.IsLetter) && Distinctive().IsMatch(t);
        // Enumeration values that are digits only (responseType 0, 1, 2) cannot be told from counts and indexes.
        return new Terms(
            terms.Where(IsDistinctive).ToHashSet(StringComparer.Ordinal),
            terms.Where(t => !IsDistinctive(t) && t.Any(char.IsLetter)).ToHashSet(StringComparer.Ordinal),
            states,
            statuses);
    }

    /// <summary>A rule id in a help text, a message or a comment is a promise that the rule exists: one renamed or
    /// removed in rules.yaml must not live on in the code (the README and monitor files included).</summary>
    [Test]
    public void Every_rule_id_named_in_code_help_or_the_readme_exists_in_the_catalogue()
    {
        var known = EceSpec.Default.Rules.Rules.Select(r => r.Id).ToHashSet();
        var files = SourceFiles().Concat(new[] { "README.md", "monitor/alerts.yml" }.Select(f => (f, File.ReadAllLines(RepositoryFiles.Path(f.Split('/'))))));

        var unknown = files.SelectMany(f => f.Item2.SelectMany((line, i) => RuleId().Matches(line).Select(m => (Where: $"{f.Item1}:{i + 1}", Id: m.Value))))
            .Where(m => !known.Contains(m.Id)).Select(m => $"{m.Where}: {m.Id}").ToList();

        unknown.Should().BeEmpty("every rule id the code or the README names is in spec/rules.yaml");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\bECE-[A-Z]{2}-\d{3}\b")]
    private static partial System.Text.RegularExpressions.Regex RuleId();

    private static IEnumerable<(string Path, string[] Lines)> SourceFiles() =>
        s_folders.SelectMany(folder => Directory.EnumerateFiles(RepositoryFiles.Path(folder), "*.*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".js", StringComparison.Ordinal))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Select(f => (Path.GetRelativePath(RepositoryFiles.Root, f), File.ReadAllLines(f)));

    private static IEnumerable<string> Literals((string Path, string[] Lines) file, Terms terms)
    {
        for (var i = 0; i < file.Lines.Length; i++)
        {
            var code = Code(file.Lines[i]);
            foreach (Match literal in StringLiteral().Matches(code))
            {
                var text = literal.Groups["text"].Value;
                if (terms.Whole.Contains(text.Trim()) || terms.Distinctive.Contains(text) || (file.Path.EndsWith(".js", StringComparison.Ordinal) && terms.PageStates.Contains(text)))
                {
                    yield return $"{file.Path}:{i + 1}: '{text.Trim()}'";
                    continue;
                }
                foreach (var term in terms.Distinctive.Where(t => Regex.IsMatch(text, $@"(?<![\w/]){Regex.Escape(t)}(?![\w])")))
                {
                    yield return $"{file.Path}:{i + 1}: '{term}' in {literal.Value}";
                }
            }
            // A documented status as a number where a status is compared or set: Operation.Documented and
            // SuccessStatus say which statuses an operation has.
            if (Regex.IsMatch(code, "status", RegexOptions.IgnoreCase))
            {
                foreach (Match number in Number().Matches(StringLiteral().Replace(code, "\"\"")))
                {
                    if (terms.Statuses.Contains(int.Parse(number.Value, System.Globalization.CultureInfo.InvariantCulture)))
                    {
                        yield return $"{file.Path}:{i + 1}: '{number.Value}' as a status";
                    }
                }
            }
        }
    }

    /// <summary>The line without its // comment (a // inside a string literal is kept).</summary>
    private static string Code(string line)
    {
        char? quote = null; // the quote that opened the string we are in: an apostrophe inside "…" ends nothing
        for (var i = 0; i < line.Length - 1; i++)
        {
            if (line[i] is '"' or '\'' && (i == 0 || line[i - 1] != '\\'))
            {
                quote = quote is null ? line[i] : quote == line[i] ? null : quote;
            }
            if (quote is null && line[i] == '/' && line[i + 1] == '/')
            {
                return line[..i];
            }
        }
        return line.TrimStart().StartsWith("///", StringComparison.Ordinal) || line.TrimStart().StartsWith('*') ? "" : line;
    }

    [GeneratedRegex("""(?<q>["'])(?<text>(?:\\.|(?!\k<q>).)*)\k<q>""")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"(?<![\w.])[1-5][0-9]{2}(?![\w.])")]
    private static partial Regex Number();

    [GeneratedRegex(@"[A-Z0-9_:/]")]
    private static partial Regex Distinctive();
}
