using Crm.Web.Infrastructure.Access;
using Crm.Web.Resources;
using FluentValidation;
using FluentValidation.Results;
using MediatR;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Infrastructure.Behaviours;

/// <summary>
/// Runs every validator of the request before its handler; refuses the request with all failures. A write is also
/// refused when any of its texts holds what is not text (<see cref="WrittenText"/>): the CRM keeps only what it can show,
/// export and import back.
/// </summary>
public sealed class ValidationBehaviour<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators, IStringLocalizer<SharedResource> text)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var context = new ValidationContext<TRequest>(request);
        var failures = new List<ValidationFailure>();
        if (request is IWriteRequest)
        {
            failures.AddRange(WrittenText.Unreadable(request!).Select(property => new ValidationFailure(property, text["TextNotReadable"])));
        }
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(context, cancellationToken);
            failures.AddRange(result.Errors);
        }
        if (failures.Count > 0)
        {
            throw new RequestValidationException(failures);
        }
        return await next();
    }
}
