using Parley.Templates;

namespace Parley.Tests.Templates;

public sealed class TemplateRendererTests
{
    private static readonly Dictionary<string, string?> Values = new()
    {
        ["contact.name"] = "Alice",
        ["contact.phone"] = "+15550102000",
        ["contact.email"] = null,
        ["agent.name"] = "Bo",
        ["organization.name"] = "Acme",
    };

    [Fact]
    public void Known_placeholders_are_replaced_with_their_values()
    {
        TemplateRenderer.Render("Hi {{contact.name}}, {{agent.name}} from {{organization.name}} here. We call {{contact.phone}}.", Values)
            .ShouldBe("Hi Alice, Bo from Acme here. We call +15550102000.");
    }

    [Fact]
    public void Spaces_inside_the_braces_are_tolerated_and_repeats_are_all_replaced()
    {
        TemplateRenderer.Render("{{ contact.name }} and {{contact.name}}", Values).ShouldBe("Alice and Alice");
    }

    [Fact]
    public void A_missing_or_null_value_becomes_empty()
    {
        TemplateRenderer.Render("Mail: [{{contact.email}}] by [{{agent.name}}]", new Dictionary<string, string?> { ["contact.email"] = null })
            .ShouldBe("Mail: [] by []");
    }

    [Fact]
    public void An_unknown_placeholder_is_left_as_it_is()
    {
        TemplateRenderer.Render("Hi {{contact.nickname}}", Values).ShouldBe("Hi {{contact.nickname}}");
    }

    [Fact]
    public void A_value_that_looks_like_a_placeholder_is_inserted_as_text_and_not_expanded()
    {
        var values = new Dictionary<string, string?> { ["contact.name"] = "{{agent.name}}", ["agent.name"] = "Bo" };

        TemplateRenderer.Render("Hi {{contact.name}}", values).ShouldBe("Hi {{agent.name}}");
    }

    [Fact]
    public void Text_without_placeholders_is_returned_unchanged()
    {
        TemplateRenderer.Render("Thanks { for } waiting {{", Values).ShouldBe("Thanks { for } waiting {{");
    }

    [Fact]
    public void WhatsApp_parameters_are_filled_in_by_number()
    {
        TemplateRenderer.Render("Hi {{1}}, order {{2}} ships today. Thanks, {{1}}!", ["Alice", "A-42"])
            .ShouldBe("Hi Alice, order A-42 ships today. Thanks, Alice!");
    }

    [Fact]
    public void WhatsApp_parameters_may_appear_in_any_order_and_are_not_expanded_again()
    {
        TemplateRenderer.Render("{{2}} before {{1}}", ["{{2}}", "second"]).ShouldBe("second before {{2}}");
    }

    [Fact]
    public void A_WhatsApp_body_without_parameters_takes_none()
    {
        TemplateRenderer.Render("Hello!", []).ShouldBe("Hello!");
    }

    [Theory]
    [InlineData("Hi {{1}} {{2}}", 1)]
    [InlineData("Hi {{1}} {{2}}", 3)]
    [InlineData("Hi", 1)]
    public void The_wrong_number_of_WhatsApp_parameters_is_refused(string text, int given)
    {
        Should.Throw<ArgumentException>(() => TemplateRenderer.Render(text, Enumerable.Repeat("x", given).ToList()));
    }

    [Theory]
    [InlineData("Hi {{1}} {{3}}")]
    [InlineData("Hi {{2}}")]
    [InlineData("Hi {{0}}")]
    [InlineData("Hi {{01}}")]
    [InlineData("Hi {{name}}")]
    public void A_WhatsApp_body_whose_placeholders_are_not_1_to_n_cannot_be_rendered(string text)
    {
        Should.Throw<ArgumentException>(() => TemplateRenderer.Render(text, ["a", "b", "c"]));
    }

    [Theory]
    [InlineData("No parameters", 0)]
    [InlineData("{{1}}", 1)]
    [InlineData("{{2}} {{1}} {{2}}", 2)]
    [InlineData("{{ 1 }} and {{2}}", 2)]
    [InlineData("{{1}} {{3}}", null)]
    [InlineData("{{contact.name}}", null)]
    [InlineData("{{}}", null)]
    public void The_parameter_count_is_n_only_for_exactly_1_to_n(string text, int? expected)
    {
        TemplateRenderer.ParameterCount(text).ShouldBe(expected);
    }
}
