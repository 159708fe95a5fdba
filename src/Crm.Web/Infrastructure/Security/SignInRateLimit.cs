using System.Threading.RateLimiting;
using Crm.Web.Features.Account;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Infrastructure.Security;

/// <summary>
/// Sign-in attempts (POST /account/sign-in) are limited per client address: <c>Web:SignInAttemptsPerMinute</c> (10 by
/// default) in a fixed one-minute window; the next is answered 429 with a message in the user's language. Lockout
/// protects each account; this protects the server from a guessing run over many accounts.
/// </summary>
public static class SignInRateLimit
{
    public const string SignInPath = "/account/sign-in";
    public const int DefaultAttemptsPerMinute = 10;

    public static IServiceCollection AddSignInRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        var permits = configuration.GetValue("Web:SignInAttemptsPerMinute", DefaultAttemptsPerMinute);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                IsSignInAttempt(context.Request)
                    ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = permits,
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter(""));
            options.OnRejected = async (rejected, ct) =>
            {
                var text = rejected.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<AccountText>>();
                if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    rejected.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                rejected.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await rejected.HttpContext.Response.WriteAsync(text["TooManyAttempts"], ct);
            };
        });
        return services;
    }

    private static bool IsSignInAttempt(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.Equals(SignInPath, StringComparison.OrdinalIgnoreCase);
}
