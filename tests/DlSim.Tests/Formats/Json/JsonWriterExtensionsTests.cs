using System.Text;
using System.Text.Json;
using DlSim.Formats.Json;
using Xunit;

namespace DlSim.Tests.Formats.Json;

public class JsonWriterExtensionsTests
{
    private static string Written(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void An_undefined_figure_is_written_as_null(double value) =>
        Assert.Equal("{\"x\":null}", Written(w => w.WriteNumberOrNull("x", value)));

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    [InlineData(1e-300)]
    [InlineData(double.MaxValue)]
    [InlineData(-42)]
    public void A_finite_figure_is_written_as_writing_the_number_would(double value) =>
        Assert.Equal(Written(w => w.WriteNumber("x", value)), Written(w => w.WriteNumberOrNull("x", value)));
}
