using Crm.Data.Access;

namespace Crm.Web.Infrastructure.Access;

/// <summary>
/// The signed-in user's reach for this scope (an HTTP request, or a Blazor circuit). Resolved afresh by
/// <see cref="Behaviours.AuthorizationBehaviour{TRequest,TResponse}"/> for every request, so a change of roles or
/// memberships applies at once; until then it is <see cref="UserAccess.None"/>.
/// </summary>
public sealed class CurrentAccess
{
    public UserAccess Value { get; set; } = UserAccess.None;
}
