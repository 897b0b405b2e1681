using System.Net.Mail;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Parley.Platform.Problems;

/// <summary>Collects field errors (keyed by the JSON field name) for one request.</summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public Validation Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
            _errors[field] = messages = [];
        messages.Add(message);
        return this;
    }

    public Validation Required(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
            return Add(field, $"'{field}' is required.");
        return MaxLength(field, value, maxLength);
    }

    public Validation MaxLength(string field, string? value, int maxLength)
    {
        if (value is not null && value.Trim().Length > maxLength)
            Add(field, $"'{field}' must be at most {maxLength} characters.");
        return this;
    }

    public Validation Email(string field, string? value, bool required = true)
    {
        if (value is null && !required)
            return this;
        if (string.IsNullOrWhiteSpace(value))
            return Add(field, $"'{field}' is required.");
        var trimmed = value.Trim();
        if (trimmed.Length > 254 || !MailAddress.TryCreate(trimmed, out var address) || address.Address != trimmed || !address.Host.Contains('.', StringComparison.Ordinal))
            Add(field, $"'{field}' is not a valid email address.");
        return this;
    }

    public ValidationProblem ToProblem() =>
        TypedResults.ValidationProblem(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()), title: "The request has invalid fields.");
}

public static class Problem
{
    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{what} was not found.");

    public static ProblemHttpResult Conflict(string title, string? detail = null) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);
}
