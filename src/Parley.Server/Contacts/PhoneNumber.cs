namespace Parley.Contacts;

/// <summary>
/// E.164 normalisation without a phone-number library (none is available to the project): strips
/// punctuation; "+" or "00" starts an international number; 10 digits, or 11 starting with 1, are
/// read as North American (+1), Parley's default region. The result has 8 to 15 digits.
/// </summary>
public static class PhoneNumber
{
    public static bool TryNormalize(string? input, out string e164)
    {
        e164 = "";
        if (string.IsNullOrWhiteSpace(input))
            return false;
        var text = input.Trim();
        var international = text.StartsWith('+');
        var digits = new System.Text.StringBuilder(text.Length);
        foreach (var c in international ? text[1..] : text)
        {
            if (char.IsAsciiDigit(c))
                digits.Append(c);
            else if (c is not (' ' or '-' or '.' or '(' or ')' or '\u00A0'))
                return false;
        }
        var number = digits.ToString();
        if (!international && number.StartsWith("00", StringComparison.Ordinal))
        {
            number = number[2..];
            international = true;
        }
        if (!international)
        {
            if (number.Length == 10)
                number = "1" + number;
            else if (!(number.Length == 11 && number[0] == '1'))
                return false;
        }
        if (number.Length is < 8 or > 15 || number[0] == '0')
            return false;
        e164 = "+" + number;
        return true;
    }
}
