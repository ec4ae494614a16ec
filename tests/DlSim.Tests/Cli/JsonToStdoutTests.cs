using System.Text.Json;
using Xunit;

namespace DlSim.Tests.Cli;

/// <summary><c>--json</c> with no file, or with "-", prints the JSON instead of the table and writes no file.</summary>
public class JsonToStdoutTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("-")]
    public void No_file_or_a_dash_prints_json_on_stdout(string? file)
    {
        var (code, stdout, stderr) = CliRunner.Run(file is null ? ["simulate", "--json"] : ["simulate", "--json", file]);
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(198, doc.RootElement.GetProperty("requests").GetInt32());
        Assert.False(File.Exists("-"), "a file named - was written");
    }
}
