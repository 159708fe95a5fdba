using System.Security.Cryptography;

namespace Crm.Web.Infrastructure.Security;

/// <summary>
/// Security headers on every response: a Content-Security-Policy that allows what the app needs and nothing more,
/// frame denial, no MIME sniffing, no referrer, and no powerful browser features.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "Crm.CspNonce";

    /// <summary>
    /// The policy, given this response's script nonce.
    /// <list type="bullet">
    /// <item>script-src: the app's own files (blazor.web.js, Radzen.Blazor.js) and, by nonce, the one inline script the
    /// page has: Blazor's import map (<c>&lt;ImportMap /&gt;</c>, whose content changes with every build, so a fixed hash
    /// cannot be used). No 'unsafe-inline', no 'unsafe-eval' (Blazor Server does not evaluate code).</item>
    /// <item>style-src 'unsafe-inline': Radzen's components set inline style attributes (sizes, positions of popups,
    /// charts); style cannot run code.</item>
    /// <item>connect-src 'self': the circuit's SignalR connection (a same-origin WebSocket: CSP Level 3 matches ws/wss
    /// under 'self', so no scheme-wide ws: or wss: is needed).</item>
    /// <item>img-src and font-src also take data: URIs (Radzen's theme embeds icons and the Material font as data).</item>
    /// </list>
    /// </summary>
    public static string ContentSecurityPolicy(string nonce) =>
        "default-src 'self'; " +
        $"script-src 'self' 'nonce-{nonce}'; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; " +
        "font-src 'self' data:; " +
        "connect-src 'self'; " +
        "object-src 'none'; " +
        "frame-ancestors 'none'; " +
        "base-uri 'self'; " +
        "form-action 'self'";

    public const string PermissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";

    /// <summary>The nonce of the current response's Content-Security-Policy, for the page's one inline script.</summary>
    public static string? CspNonce(this HttpContext? context) => context?.Items[NonceKey] as string;

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            // Hex: nothing in it needs encoding in an HTML attribute.
            var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            context.Items[NonceKey] = nonce;
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy(nonce);
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Permissions-Policy"] = PermissionsPolicy;
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            await next(context);
        });
}
