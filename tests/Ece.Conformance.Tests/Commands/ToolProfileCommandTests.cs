using Ece.Conformance.Commands;

namespace Ece.Conformance.Tests.Commands;

public class ToolProfileCommandTests
{
    [Test]
    public void The_committed_tool_profile_is_what_the_command_generates()
    {
        foreach (var (path, text) in ToolProfileCommand.Files())
        {
            File.ReadAllText(RepositoryFiles.Path(path.Split('/'))).Should().Be(text, $"{path} is generated: run ./run-conformance.sh tool-profile --write");
        }
    }
}
