using FluentValidation.Results;

namespace Crm.Web.Infrastructure;

/// <summary>
/// A request was refused, with messages in the user's language: by its validators, or (as
/// <see cref="DatabaseUnavailableException"/>) because the database could not take it now. Pages show either the same way.
/// </summary>
public class RequestValidationException(IReadOnlyList<ValidationFailure> failures)
    : Exception(string.Join(Environment.NewLine, failures.Select(f => f.ErrorMessage)))
{
    public IReadOnlyList<ValidationFailure> Failures { get; } = failures;

    /// <summary>The messages per property, as forms show them.</summary>
    public IReadOnlyDictionary<string, string[]> Errors => Failures
        .GroupBy(f => f.PropertyName)
        .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).ToArray());
}
