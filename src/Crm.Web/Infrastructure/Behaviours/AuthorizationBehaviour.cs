using System.Reflection;
using System.Text.Json;
using Crm.Data;
using Crm.Data.Access;
using Crm.Data.Entities;
using Crm.Web.Infrastructure.Access;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Infrastructure.Behaviours;

/// <summary>
/// Who may send this request, for these records: resolves the signed-in user's access for the scope, then refuses
/// (and audits) a request from nobody, from a role it does not allow, a write from a viewer, or one about a record
/// outside the user's reach. Handlers then see only what the user may see (row-level filters).
/// </summary>
public sealed class AuthorizationBehaviour<TRequest, TResponse>(
    ICurrentUser currentUser,
    CurrentAccess currentAccess,
    DbContextOptions<CrmDbContext> options) : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var type = request!.GetType();
        var user = await currentUser.GetAsync();
        await using (var system = new CrmDbContext(options))
        {
            currentAccess.Value = user.UserId is null ? UserAccess.None : await AccessResolver.ForUserAsync(system, user.UserId, cancellationToken);
        }
        var access = currentAccess.Value;

        if (Declared<AllowAnonymousRequestAttribute>(type) is null)
        {
            if (access.UserId is null)
            {
                await DenyAsync(user, type, "not signed in", cancellationToken);
            }
            if (Declared<RequiresRoleAttribute>(type) is { } required && !access.IsAdministrator && !required.Roles.Any(access.IsInRole))
            {
                await DenyAsync(user, type, "role", cancellationToken);
            }
            if (request is IWriteRequest && !access.Writes)
            {
                await DenyAsync(user, type, "read-only", cancellationToken);
            }
            if (request is IRecordRequest records)
            {
                foreach (var record in records.Records)
                {
                    if (!await IsReachableAsync(record, access, cancellationToken))
                    {
                        await DenyAsync(user, type, $"{record.EntityType.Name} {record.Id}", cancellationToken);
                    }
                }
            }
        }
        return await next();
    }

    /// <summary>An attribute on the request type, or on the use-case class that declares it (e.g. <c>SetCulture</c> for <c>SetCulture.Command</c>).</summary>
    private static T? Declared<T>(Type type) where T : Attribute =>
        type.GetCustomAttribute<T>() ?? type.DeclaringType?.GetCustomAttribute<T>();

    private async Task<bool> IsReachableAsync(RecordRef record, UserAccess access, CancellationToken ct)
    {
        if (record.EntityType == typeof(PromotionTeam))
        {
            return access.ReadsAll || access.TeamIds.Contains(record.Id);
        }
        if (record.EntityType == typeof(TradeDelegation))
        {
            return access.ReadsAll || access.DelegationIds.Contains(record.Id);
        }
        await using var db = new CrmDbContext(options) { Access = access };
        return record.EntityType.Name switch
        {
            nameof(Deal) => await db.Deals.AnyAsync(e => e.Id == record.Id, ct),
            nameof(Meeting) => await db.Meetings.AnyAsync(e => e.Id == record.Id, ct),
            nameof(Match) => await db.Matches.AnyAsync(e => e.Id == record.Id, ct),
            nameof(Buyer) => await db.Buyers.AnyAsync(e => e.Id == record.Id, ct),
            _ => throw new InvalidOperationException($"No reach rule for {record.EntityType.Name}."),
        };
    }

    /// <summary>Records the refusal (as the system: the user may not write) and stops the request.</summary>
    private async Task DenyAsync(CurrentUserInfo user, Type requestType, string reason, CancellationToken ct)
    {
        await using var system = new CrmDbContext(options) { AuditRows = false };
        system.AuditEntries.Add(new AuditEntry
        {
            At = DateTime.UtcNow,
            UserId = user.UserId,
            UserName = user.UserName,
            Operation = RequestName.Of(requestType),
            EntityType = "Request",
            EntityKey = RequestName.Of(requestType),
            Action = AuditAction.AccessDenied,
            Changes = JsonSerializer.Serialize(new { reason }),
        });
        await system.SaveChangesAsync(ct);
        throw new AccessDeniedException($"{RequestName.Of(requestType)}: {reason}");
    }
}
