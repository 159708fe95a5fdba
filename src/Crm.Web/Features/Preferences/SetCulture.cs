using Crm.Web.Infrastructure.Access;
using Crm.Web.Infrastructure;
using Crm.Web.Resources;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Preferences;

/// <summary>The user picks the language of the app (zh-CN or en); the choice is kept in the standard culture cookie.</summary>
[AllowAnonymousRequest]
public static class SetCulture
{
    /// <summary>Returns the value of the culture cookie to set.</summary>
    public sealed record Command(string? Culture) : IRequest<string>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<SharedResource> text)
        {
            RuleFor(c => c.Culture)
                .NotEmpty().WithMessage(_ => text["CultureRequired"])
                .Must(Cultures.IsSupported).When(c => !string.IsNullOrEmpty(c.Culture))
                .WithMessage(c => text["CultureNotSupported", c.Culture!]);
        }
    }

    internal sealed class Handler : IRequestHandler<Command, string>
    {
        public Task<string> Handle(Command request, CancellationToken cancellationToken)
        {
            var culture = Cultures.Normalize(request.Culture!);
            return Task.FromResult(CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)));
        }
    }

    /// <summary>GET /culture?c=en&amp;redirect=/path: sets the cookie and goes back to the page (a full reload, so every text follows).</summary>
    public static IEndpointRouteBuilder MapSetCulture(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/culture", async (string? c, string? redirect, IMediator mediator, HttpContext http) =>
        {
            string cookie;
            try
            {
                cookie = await mediator.Send(new Command(c), http.RequestAborted);
            }
            catch (RequestValidationException ex)
            {
                return Results.Text(ex.Message, statusCode: StatusCodes.Status400BadRequest);
            }
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName, cookie, new CookieOptions
            {
                Expires = DateTimeOffset.UtcNow.AddYears(1),
                IsEssential = true,
                SameSite = SameSiteMode.Lax,
                HttpOnly = true,
            });
            return Results.LocalRedirect(IsLocal(redirect) ? redirect! : "/");
        }).ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>Only paths of this app: "/x", never "//host" or "/\host" (no open redirect).</summary>
    internal static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
