using System.Text;
using Parley.ProviderSimulator.Twilio;
using Parley.ProviderSimulator.WhatsApp;

namespace Parley.Tests.Simulator;

public sealed class SignatureTests
{
    private const string TwilioExampleUrl = "https://mycompany.com/myapp.php?foo=1&bar=2";

    [Fact]
    public void Twilio_signature_matches_the_example_in_twilios_webhook_security_guide()
    {
        // Written out of order: the signature sorts the parameters by name.
        KeyValuePair<string, string>[] form =
        [
            new("To", "+18005551212"),
            new("CallSid", "CA1234567890ABCDE"),
            new("Digits", "1234"),
            new("From", "+12349013030"),
            new("Caller", "+12349013030"),
        ];

        TwilioSignature.Compute(TwilioExampleUrl, form, "12345").ShouldBe("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
    }

    [Fact]
    public void Twilio_signature_matches_the_vector_in_twilios_own_validator_tests()
    {
        KeyValuePair<string, string>[] form =
        [
            new("CallSid", "CA1234567890ABCDE"),
            new("Caller", "+14158675309"),
            new("Digits", "1234"),
            new("From", "+14158675309"),
            new("To", "+18005551212"),
        ];

        TwilioSignature.Compute(TwilioExampleUrl, form, "12345").ShouldBe("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
        TwilioSignature.IsValid(TwilioExampleUrl, form, "12345", "RSOYDt4T1cUTdK1PDd93/VVr8B8=").ShouldBeTrue();
        TwilioSignature.IsValid(TwilioExampleUrl + "&baz=3", form, "12345", "RSOYDt4T1cUTdK1PDd93/VVr8B8=").ShouldBeFalse();
        TwilioSignature.IsValid(TwilioExampleUrl, form, "54321", "RSOYDt4T1cUTdK1PDd93/VVr8B8=").ShouldBeFalse();
        TwilioSignature.IsValid(TwilioExampleUrl, form, "12345", null).ShouldBeFalse();
    }

    [Fact]
    public void Twilio_signature_signs_each_distinct_value_of_a_repeated_parameter_in_sorted_order()
    {
        // The repeated-parameter vector from Twilio's Python helper library tests.
        KeyValuePair<string, string>[] form =
        [
            new("Sid", "CA123"),
            new("SidAccount", "AC123"),
            new("Digits", "5678"),
            new("Digits", "1234"),
            new("Digits", "1234"),
        ];

        TwilioSignature.Compute(TwilioExampleUrl, form, "12345").ShouldBe("IK+Dwps556ElfBT0I3Rgjkr1wJU=");
    }

    [Fact]
    public void Meta_signature_is_sha256_hex_of_the_raw_body_keyed_with_the_app_secret()
    {
        var body = Encoding.UTF8.GetBytes("""{"object":"whatsapp_business_account","entry":[]}""");

        // Computed independently: printf '%s' "$body" | openssl dgst -sha256 -hmac meta-app-secret
        const string expected = "sha256=ee9f05f989bc0aa2693d85691a477f8b8403933cde7959a1c5c6be7ea85e8d3d";
        MetaSignature.Compute(body, "meta-app-secret").ShouldBe(expected);
        MetaSignature.IsValid(body, "meta-app-secret", expected).ShouldBeTrue();
        MetaSignature.IsValid(body, "another-secret", expected).ShouldBeFalse();
        MetaSignature.IsValid(Encoding.UTF8.GetBytes("""{"object":"whatsapp_business_account", "entry":[]}"""), "meta-app-secret", expected)
            .ShouldBeFalse();
    }
}
