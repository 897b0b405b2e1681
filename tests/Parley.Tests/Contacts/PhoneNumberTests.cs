using Parley.Contacts;

namespace Parley.Tests.Contacts;

public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("+1 (555) 010-2000", "+15550102000")]
    [InlineData("555-010-2000", "+15550102000")]
    [InlineData("5550102000", "+15550102000")]
    [InlineData("+15550102000", "+15550102000")]
    [InlineData("1 555 010 2000", "+15550102000")]
    [InlineData("555.010.2000", "+15550102000")]
    [InlineData("+44 20 7946 0958", "+442079460958")]
    [InlineData("0044 20 7946 0958", "+442079460958")]
    public void A_number_in_any_common_format_normalises_to_E164(string input, string expected)
    {
        PhoneNumber.TryNormalize(input, out var e164).ShouldBeTrue();
        e164.ShouldBe(expected);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("12345")]
    [InlineData("+0123456789")]
    [InlineData("555-0102")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("+1234567890123456")]
    [InlineData("555 010 2000 ext 5")]
    public void Text_that_is_not_a_phone_number_is_refused(string? input)
    {
        PhoneNumber.TryNormalize(input, out var e164).ShouldBeFalse();
        e164.ShouldBeEmpty();
    }
}
