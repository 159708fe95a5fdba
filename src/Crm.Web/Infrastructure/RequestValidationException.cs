using FluentValidation.Results;

namespace Crm.Web.Infrastructure;

/// <summary>A request was refused by its validators; the messages are in the user's language.</summary>
public sealed class RequestValidationException(IReadOnlyList<ValidationFailure> failures)
    : Exception(string.Join(Environment.NewLine, failures.Select(f => f.ErrorMessage)))
{
    public IReadOnlyList<ValidationFailure> Failures { get; } = failures;

    /// <summary>The messages per property, as forms show them.</summary>
    public IReadOnlyDictionary<string, string[]> Errors => Failures
        .GroupBy(f => f.PropertyName)
        .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).ToArray());
}
