using System.Text.Json;
using Crm.Data.Entities;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Crm.Data.Auditing;

/// <summary>Turns the pending changes of a save into audit entries (old → new per property).</summary>
internal sealed class AuditTrail
{
    private readonly List<(EntityEntry Entry, AuditAction Action, Dictionary<string, object?[]> Changes)> _pending;
    private readonly AuditActor? _actor;
    private readonly DateTime _at;

    private AuditTrail(List<(EntityEntry, AuditAction, Dictionary<string, object?[]>)> pending, AuditActor? actor, DateTime at)
    {
        _pending = pending;
        _actor = actor;
        _at = at;
    }

    public bool IsEmpty => _pending.Count == 0;

    public static AuditTrail Capture(ChangeTracker tracker, AuditActor? actor, DateTime at)
    {
        var pending = new List<(EntityEntry, AuditAction, Dictionary<string, object?[]>)>();
        foreach (var entry in tracker.Entries())
        {
            // The key ring's rows hold secret keys, and an upload's bytes are the file itself (its import is audited row by
            // row): never copied into the trail.
            if (entry.Entity is AuditEntry or DataProtectionKey or ImportUpload || entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }
            var action = entry.State switch
            {
                EntityState.Added => AuditAction.Created,
                EntityState.Deleted => AuditAction.Deleted,
                _ => AuditAction.Updated,
            };
            var changes = new Dictionary<string, object?[]>();
            foreach (var property in entry.Properties)
            {
                if (property.Metadata.Name is "PasswordHash" or "SecurityStamp" or "ConcurrencyStamp")
                {
                    continue;
                }
                switch (action)
                {
                    // A generated id is not known yet (the entry's key has it); a key the row brings itself (a code, a link's ends) is.
                    case AuditAction.Created when property.CurrentValue is not null
                                                  && !(property.Metadata.IsPrimaryKey() && property.Metadata.ValueGenerated != ValueGenerated.Never):
                        changes[property.Metadata.Name] = [null, Readable(property.CurrentValue)];
                        break;
                    case AuditAction.Deleted:
                        changes[property.Metadata.Name] = [Readable(property.OriginalValue), null];
                        break;
                    case AuditAction.Updated when property.IsModified && !Equals(property.OriginalValue, property.CurrentValue):
                        changes[property.Metadata.Name] = [Readable(property.OriginalValue), Readable(property.CurrentValue)];
                        break;
                }
            }
            if (action != AuditAction.Updated || changes.Count > 0)
            {
                pending.Add((entry, action, changes));
            }
        }
        return new AuditTrail(pending, actor, at);
    }

    /// <summary>Builds the entries once the save has given new rows their keys.</summary>
    public IEnumerable<AuditEntry> Complete() => _pending.Select(p => new AuditEntry
    {
        At = _at,
        UserId = _actor?.UserId,
        UserName = _actor?.UserName,
        Operation = _actor?.Operation,
        EntityType = TypeName(p.Entry.Metadata.ClrType),
        EntityKey = KeyOf(p.Entry),
        Action = p.Action,
        Changes = JsonSerializer.Serialize(p.Changes),
    });

    /// <summary>Enumerations by name (a stage reads "IntentSigned", not 4).</summary>
    // Binary values (a saved model) are summarised: the trail says that they changed, not their bytes.
    private static object? Readable(object? value) => value switch
    {
        Enum e => e.ToString(),
        byte[] bytes => $"<{bytes.Length} bytes>",
        _ => value,
    };

    /// <summary>"IdentityUserRole", not "IdentityUserRole`1".</summary>
    private static string TypeName(Type type) => type.IsGenericType ? type.Name[..type.Name.IndexOf('`')] : type.Name;

    private static string KeyOf(EntityEntry entry)
    {
        var key = entry.Metadata.FindPrimaryKey();
        return key is null ? "" : string.Join("|", key.Properties.Select(p => entry.Property(p.Name).CurrentValue));
    }
}
