using System.Security.Cryptography;
using System.Text;
using Crm.Data.Entities;

namespace Crm.Web.Features.Api;

/// <summary>How API tokens are made and recognised: 32 random bytes, base64url, after <see cref="ApiToken.Prefix"/>; kept as a SHA-256 hash.</summary>
public static class ApiTokens
{
    /// <summary>The longest a token may live, and what a new token gets unless its owner asks for less.</summary>
    public const int MaxDays = 365;
    public const int DefaultDays = 90;

    public static string NewToken() =>
        ApiToken.Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>What lists show of a token: its prefix and first characters.</summary>
    public static string Hint(string token) => token[..Math.Min(token.Length, ApiToken.Prefix.Length + 6)] + "…";
}
