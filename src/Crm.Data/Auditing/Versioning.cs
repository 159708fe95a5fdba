using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Crm.Data.Auditing;

internal static class Versioning
{
    /// <summary>Every update of a versioned row raises its version; the original value guards the UPDATE.</summary>
    public static void Bump(ChangeTracker tracker)
    {
        foreach (var entry in tracker.Entries<IVersioned>())
        {
            if (entry.State == EntityState.Modified)
            {
                // Through the entry, not the entity: with automatic change detection off (imports), a plain assignment
                // after DetectChanges would not be saved.
                var version = entry.Property(e => e.Version);
                version.CurrentValue = version.OriginalValue + 1;
            }
        }
    }
}
