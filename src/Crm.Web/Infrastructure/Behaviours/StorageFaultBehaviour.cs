using Crm.Data;
using Crm.Web.Resources;
using MediatR;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Infrastructure.Behaviours;

/// <summary>
/// The outermost behaviour: a provider error that means the storage cannot take the request now (the database busy
/// beyond the busy timeout, the disk full, read-only, unreachable; see <see cref="StorageFaults"/>) becomes a
/// <see cref="DatabaseUnavailableException"/> with a message in the user's language, which pages show like any refusal.
/// The request's transaction has rolled back by then, so nothing of it is written. Other exceptions pass unchanged.
/// </summary>
public sealed class StorageFaultBehaviour<TRequest, TResponse>(
    IStringLocalizer<SharedResource> text,
    ILogger<StorageFaultBehaviour<TRequest, TResponse>> logger) : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        try
        {
            return await next();
        }
        catch (Exception ex) when (ex is not DatabaseUnavailableException && StorageFaults.Classify(ex) is { } fault)
        {
            logger.LogWarning(ex, "{Request}: the database could not take it ({Fault})", RequestName.Of(request!.GetType()), fault);
            throw new DatabaseUnavailableException(fault, text[DatabaseUnavailableException.MessageKey(fault)], ex);
        }
    }
}
