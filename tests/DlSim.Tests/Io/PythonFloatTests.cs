using CsCheck;
using Xunit;
using DlSim.Foundation;

namespace DlSim.Tests.Io;

public class PythonFloatTests
{
    [Theory]
    [InlineData(0.0, "0.0")]
    [InlineData(1.0, "1.0")]
    [InlineData(20.0, "20.0")]
    [InlineData(0.1, "0.1")]
    [InlineData(0.38785915931808984, "0.38785915931808984")]
    [InlineData(1e-05, "1e-05")]
    [InlineData(1.5e-05, "1.5e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(123456.789, "123456.789")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1234567890123456.0, "1234567890123456.0")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(6.667, "6.667")]
    public void Formats_like_python_repr(double value, string expected) => Assert.Equal(expected, PythonFloat.Format(value));

    [Fact]
    public void Every_formatted_value_parses_back_to_itself()
    {
        Gen.Double.Where(double.IsFinite).Sample(x =>
            double.Parse(PythonFloat.Format(x), System.Globalization.CultureInfo.InvariantCulture) == x);
    }

    [Theory]
    [InlineData(10.0, "10")]
    [InlineData(6.667, "6.667")]
    public void Header_numbers_print_integers_without_a_point(double value, string expected) =>
        Assert.Equal(expected, PythonFloat.FormatNumber(value));
}
