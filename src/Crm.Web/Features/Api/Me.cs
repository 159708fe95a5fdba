using System.Security.Claims;

namespace Crm.Web.Features.Api;

/// <summary>GET /api/v1/me: who the API takes the caller for, to check a token or cookie.</summary>
public static class Me
{
    public sealed record Result(string UserId, string UserName, IReadOnlyList<string> Roles);

    public static Result Get(ClaimsPrincipal user) => new(
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
        user.Identity?.Name ?? "",
        user.FindAll(ClaimTypes.Role).Select(c => c.Value).Order(StringComparer.Ordinal).ToList());
}
