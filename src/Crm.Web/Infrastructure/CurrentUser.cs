using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace Crm.Web.Infrastructure;

/// <summary>The person behind the current request or circuit.</summary>
public interface ICurrentUser
{
    /// <summary>The user's id, or null when nobody has signed in.</summary>
    Task<CurrentUserInfo> GetAsync();
}

public sealed record CurrentUserInfo(string? UserId, string? UserName)
{
    public static readonly CurrentUserInfo Anonymous = new(null, null);

    public bool IsAuthenticated => UserId is not null;

    public static CurrentUserInfo From(ClaimsPrincipal? principal) =>
        principal?.Identity?.IsAuthenticated == true
            ? new(principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? principal.Identity.Name,
                  principal.Identity.Name ?? principal.FindFirstValue(ClaimTypes.Name))
            : Anonymous;
}

/// <summary>
/// Reads the user from the circuit's authentication state inside components, else from the HTTP request.
/// Nobody signs in yet, so this is anonymous until sign-in arrives.
/// </summary>
internal sealed class CurrentUser(IServiceProvider services, IHttpContextAccessor http) : ICurrentUser
{
    public async Task<CurrentUserInfo> GetAsync()
    {
        if (services.GetService<AuthenticationStateProvider>() is { } provider)
        {
            try
            {
                var state = await provider.GetAuthenticationStateAsync();
                return CurrentUserInfo.From(state.User);
            }
            catch (InvalidOperationException)
            {
                // Outside a circuit (an endpoint or a background job) the provider has no state: fall back to HTTP.
            }
        }
        return CurrentUserInfo.From(http.HttpContext?.User);
    }
}
