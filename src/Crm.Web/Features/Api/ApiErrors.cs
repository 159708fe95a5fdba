using Crm.Data;
using Crm.Web.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Api;

/// <summary>
/// What the API answers when a request is refused, as RFC 9457 problem details in the caller's language: 400 with the
/// messages per field when validation refuses it, 409 when someone else got there first (a slot taken, a deal changed
/// since it was read), 403 when the user may not send it. The same refusals the pages show, never a stack trace.
/// </summary>
public sealed class ApiErrors(IStringLocalizer<ApiText> text) : IEndpointFilter
{
    /// <summary>The error code of a validation failure that means "someone else changed it first" (409, not 400).</summary>
    public const string Conflict = "Conflict";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (DatabaseUnavailableException ex)
        {
            // The database busy, full, read-only or unreachable: nothing was written; try again later (503, not the caller's fault).
            context.HttpContext.Response.Headers.RetryAfter = "5";
            return Results.Problem(title: text["Unavailable"], detail: ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (RequestValidationException ex)
        {
            var conflict = ex.Failures.Any(f => f.ErrorCode == Conflict);
            return Results.ValidationProblem(ex.Errors, title: text[conflict ? "Conflict" : "Invalid"],
                statusCode: conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest);
        }
        catch (AccessDeniedException)
        {
            return Results.Problem(title: text["Forbidden"], statusCode: StatusCodes.Status403Forbidden);
        }
    }

    /// <summary>A 409 with one message (a write that lost to a concurrent one).</summary>
    public static IResult ConflictProblem(string title, string message) =>
        Results.Problem(title: title, detail: message, statusCode: StatusCodes.Status409Conflict);
}
