using System.Text.Json;
using Crm.Data;
using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Account;

/// <summary>
/// The audit trail of account events (signed in, failed, locked out, signed out, password changed): one
/// <see cref="AuditEntry"/> each, EntityType "Account", EntityKey the user name, with the client's address.
/// Written as the system: a failed sign-in has nobody signed in, and the entry must be kept whatever the user may do.
/// </summary>
public sealed class AccountAudit(DbContextOptions<CrmDbContext> options, IHttpContextAccessor http)
{
    public const string EntityType = "Account";

    public async Task RecordAsync(AuditAction action, string userName, string? userId, object? details = null, CancellationToken ct = default)
    {
        var context = http.HttpContext;
        var changes = new Dictionary<string, object?> { ["ip"] = context?.Connection.RemoteIpAddress?.ToString() };
        if (details is not null)
        {
            foreach (var property in details.GetType().GetProperties())
            {
                changes[JsonNamingPolicy.CamelCase.ConvertName(property.Name)] = property.GetValue(details);
            }
        }
        await using var db = new CrmDbContext(options) { AuditRows = false };
        db.AuditEntries.Add(new AuditEntry
        {
            At = DateTime.UtcNow,
            UserId = userId,
            UserName = Cut(userName, 256),
            Operation = action.ToString(),
            EntityType = EntityType,
            EntityKey = Cut(userName, 64),
            Action = action,
            Changes = JsonSerializer.Serialize(changes),
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>What someone typed as a user name is kept within the columns' lengths.</summary>
    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];
}
