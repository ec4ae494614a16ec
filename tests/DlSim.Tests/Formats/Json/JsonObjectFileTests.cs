using DlSim.Formats.Json;
using DlSim.Foundation;
using Xunit;

namespace DlSim.Tests.Formats.Json;

public class JsonObjectFileTests
{
    /// <summary>Parses <paramref name="json"/> from a file named "f.json", reads it with <paramref name="read"/> and returns the reported lines.</summary>
    private static string ErrorsOf(string json, Action<JsonObjectFile> read, string? what = null)
    {
        using var dir = new TempDir();
        string path = dir.Write("f.json", json);
        var e = Assert.Throws<InputException>(() =>
        {
            var file = JsonObjectFile.Read(path, "an object {a, b}", what);
            read(file);
            file.ThrowIfAny();
        });
        Assert.All(e.Errors, x => Assert.Equal(path, x.File));
        return string.Join("\n", e.Errors.Select(x => $"{x.Line}: {x.Message}"));
    }

    private static JsonObjectFile Parsed(string json) => JsonObjectFile.Of(JsonNode.Parse(System.Text.Encoding.UTF8.GetBytes(json), "f.json"), "f.json", "an object");

    [Theory]
    [InlineData("[1, 2]", "1: expected an object {a, b}, found a list")]
    [InlineData("\n\n\"a\"", "3: expected an object {a, b}, found the string \"a\"")]
    [InlineData("{\"a\": 1,\n \"b\": ]}", "2: expected a value (an object, list, string, number, true, false or null), found ']'")]
    [InlineData("{\"a\": 1,\n \"a\": 2}", "2: expected each field once in an object, found \"a\" again (first on line 1)")]
    [InlineData("{\"a\": 1}\n{\"b\": 2}", "2: expected the end of the document after its value, found '{'")]
    public void A_document_that_is_not_one_object_is_refused_at_its_line(string json, string expected) =>
        Assert.Equal(expected, ErrorsOf(json, _ => Assert.Fail("read a document that is not an object")));

    [Fact]
    public void A_missing_field_is_reported_at_the_object_line_with_where_it_was_expected()
    {
        Assert.Equal("1: expected field \"a\" (a number > 0) in the test file, found it missing",
            ErrorsOf("{\n\"b\": 1}", f => Assert.Null(f.Fields.Number("a", "a number > 0", v => v > 0)), what: "the test file"));
        Assert.Equal("1: expected field \"a\" (the name), found it missing",
            ErrorsOf("{}", f => Assert.Null(f.Fields.NonEmptyString("a", missing: "the name"))));
    }

    [Theory]
    [InlineData("{\"a\": \"x\"}", "1: expected \"a\" to be a number > 0, found the string \"x\"")]
    [InlineData("{\n\"a\": 0}", "2: expected \"a\" to be a number > 0, found the number 0")]
    [InlineData("{\n\n\"a\": null}", "3: expected \"a\" to be a number > 0, found null")]
    public void A_wrong_number_is_reported_at_its_own_line(string json, string expected) =>
        Assert.Equal(expected, ErrorsOf(json, f => Assert.Null(f.Fields.Number("a", "a number > 0", v => v > 0))));

    [Theory]
    [InlineData("{\"a\": 2.5}", "1: expected \"a\" to be a count, found the number 2.5")]
    [InlineData("{\"a\": 0}", "1: expected \"a\" to be a count, found the number 0")]
    [InlineData("{\"a\": 3e9}", "1: expected \"a\" to be a count, found the number 3000000000")]
    [InlineData("{\"a\": true}", "1: expected \"a\" to be a count, found true")]
    public void A_positive_int_refuses_fractions_zero_and_what_int_cannot_hold(string json, string expected) =>
        Assert.Equal(expected, ErrorsOf(json, f => Assert.Null(f.Fields.PositiveInt("a", "a count"))));

    [Theory]
    [InlineData("{\"a\": \"  \"}", "1: expected \"a\" to be a non-empty string, found the string \"  \"")]
    [InlineData("{\"a\": []}", "1: expected \"a\" to be a non-empty string, found a list")]
    public void A_blank_or_non_string_is_not_a_non_empty_string(string json, string expected) =>
        Assert.Equal(expected, ErrorsOf(json, f => Assert.Null(f.Fields.NonEmptyString("a"))));

    [Fact]
    public void A_wrong_nested_object_says_what_was_expected_when_missing_and_when_wrong()
    {
        Assert.Equal("1: expected field \"a\" (the settings), found it missing", ErrorsOf("{}", f => f.Fields.Object("a", missing: "the settings")));
        Assert.Equal("1: expected \"a\" to be an object, found the number 1", ErrorsOf("{\"a\": 1}", f => f.Fields.Object("a", missing: "the settings")));
    }

    [Fact]
    public void Every_problem_is_collected_in_order_before_one_throw()
    {
        string errors = ErrorsOf("{\"a\": -1,\n \"b\": \"\"}", f =>
        {
            f.Fields.Number("a", "a number > 0", v => v > 0);
            f.Fields.NonEmptyString("b");
            f.Fields.PositiveInt("c", "a count");
        });
        Assert.Equal("1: expected \"a\" to be a number > 0, found the number -1\n" +
            "2: expected \"b\" to be a non-empty string, found the string \"\"\n" +
            "1: expected field \"c\" (a count), found it missing", errors);
    }

    [Fact]
    public void A_reader_may_name_wrong_values_its_own_way()
    {
        var root = JsonNode.Parse("{\"a\": 1.5}"u8.ToArray(), "f.json");
        var file = JsonObjectFile.Of(root, "f.json", "an object", found: v => $"<{v.Number}>");
        Assert.Null(file.Fields.PositiveInt("a", "a count"));
        var e = Assert.Throws<InputException>(file.ThrowIfAny);
        Assert.Equal("f.json:1: expected \"a\" to be a count, found <1.5>", e.Message);
    }

    [Fact]
    public void Optional_fields_may_be_absent_and_good_values_are_returned()
    {
        var file = Parsed("{\"n\": 2, \"s\": \"x\", \"o\": {\"k\": 7}}");
        Assert.Equal(2, file.Fields.PositiveInt("n", "a count"));
        Assert.Equal(2.0, file.Fields.Number("n", "a number", _ => true));
        Assert.Equal("x", file.Fields.NonEmptyString("s"));
        Assert.Null(file.Fields.Number("absent", "a number", _ => true, required: false));
        Assert.Null(file.Fields.NonEmptyString("absent", required: false));
        var inner = file.FieldsOf(file.Fields.Object("o")!, "the inner object");
        Assert.Equal(7, inner.PositiveInt("k", "a count"));
        Assert.Null(inner.PositiveInt("m", "a count"));
        var e = Assert.Throws<InputException>(file.ThrowIfAny);
        Assert.Equal(["f.json:1: expected field \"m\" (a count) in the inner object, found it missing"], e.Errors.Select(x => x.ToString()));
    }
}
