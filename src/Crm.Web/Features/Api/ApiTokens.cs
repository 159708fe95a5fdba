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

    /// <summary>A new token for the user and its row to save: the row keeps the hash and a hint, never the token.</summary>
    public static (ApiToken Row, string Token) Issue(string userId, string name, int days, DateTime now)
    {
        var token = NewToken();
        var row = new ApiToken
        {
            UserId = userId, Name = name.Trim(), Hash = Hash(token), Hint = Hint(token), CreatedAt = now, ExpiresAt = now.AddDays(days),
        };
        return (row, token);
    }

    private static string NewToken() =>
        ApiToken.Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>What lists show of a token: its prefix and first characters.</summary>
    public static string Hint(string token) => token[..Math.Min(token.Length, ApiToken.Prefix.Length + 6)] + "…";
}
