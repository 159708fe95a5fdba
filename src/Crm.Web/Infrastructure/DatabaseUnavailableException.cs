using Crm.Data;
using FluentValidation.Results;

namespace Crm.Web.Infrastructure;

/// <summary>
/// The database could not take the request now (busy, disk full, read-only, unreachable): nothing was written, and the
/// user is told why in their language. It is a <see cref="RequestValidationException"/> with one message for the whole
/// form (property ""), so every page that shows a refused request shows this one too.
/// </summary>
public sealed class DatabaseUnavailableException(StorageFault fault, string message, Exception inner)
    : RequestValidationException([new ValidationFailure(FormProperty, message)])
{
    /// <summary>The property name of a message about the whole form rather than one field.</summary>
    public const string FormProperty = "";

    public StorageFault Fault { get; } = fault;

    /// <summary>The provider's own exception, for the log.</summary>
    public Exception Provider { get; } = inner;

    /// <summary>The resource key of the message for a fault (SharedResource: Database_Busy …).</summary>
    public static string MessageKey(StorageFault fault) => "Database_" + fault;
}
