using Crm.Data.Auditing;
using MediatR;

namespace Crm.Web.Infrastructure.Behaviours;

/// <summary>
/// Every database write made while the handler runs is audited with the current user and the request's name
/// (the DbContext writes the entries from <see cref="AuditScope.Current"/>).
/// </summary>
public sealed class AuditBehaviour<TRequest, TResponse>(ICurrentUser currentUser) : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var user = await currentUser.GetAsync();
        using (AuditScope.Begin(new AuditActor(user.UserId, user.UserName, RequestName.Of(request!.GetType()))))
        {
            return await next();
        }
    }
}
