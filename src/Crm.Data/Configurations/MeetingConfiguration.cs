using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Data.Configurations;

public class MeetingConfiguration : IEntityTypeConfiguration<Meeting>
{
    /// <summary>A cancelled meeting frees its slot; every other status holds it.</summary>
    private const string HoldsSlot = "\"Status\" <> 'Cancelled'";

    /// <summary>A pair whose meeting was cancelled or not attended may be booked again (a no-show is rescheduled).</summary>
    private const string HoldsPair = "\"Status\" NOT IN ('Cancelled', 'NoShow')";

    public void Configure(EntityTypeBuilder<Meeting> builder)
    {
        builder.HasIndex(e => e.Code).IsUnique();
        builder.Property(e => e.Code).HasMaxLength(32);
        builder.Property(e => e.Place).StoredAsName();
        builder.Property(e => e.Status).StoredAsName();
        builder.Property(e => e.TableCode).HasMaxLength(16);
        builder.Property(e => e.Outcome).StoredAsName();
        builder.Property(e => e.OutcomeNotes).HasMaxLength(Meeting.OutcomeNotesMaxLength);
        builder.Property(e => e.Version).IsConcurrencyToken();

        // Never twice in one slot: an exhibitor, a buyer, a venue table, an interpreter.
        builder.HasIndex(e => new { e.ExhibitorId, e.StartsAt }).IsUnique()
            .HasFilter(HoldsSlot).HasDatabaseName("UX_Meeting_Exhibitor_Slot");
        builder.HasIndex(e => new { e.BuyerId, e.StartsAt }).IsUnique()
            .HasFilter($"\"BuyerId\" IS NOT NULL AND {HoldsSlot}").HasDatabaseName("UX_Meeting_Buyer_Slot");
        builder.HasIndex(e => new { e.EditionId, e.TableCode, e.StartsAt }).IsUnique()
            .HasFilter($"\"TableCode\" IS NOT NULL AND {HoldsSlot}").HasDatabaseName("UX_Meeting_Table_Slot");
        builder.HasIndex(e => new { e.InterpreterId, e.StartsAt }).IsUnique()
            .HasFilter($"\"InterpreterId\" IS NOT NULL AND {HoldsSlot}").HasDatabaseName("UX_Meeting_Interpreter_Slot");

        // A pair meets once: a second booking of the same match is refused while the first holds.
        builder.HasIndex(e => e.MatchId).IsUnique()
            .HasFilter($"\"MatchId\" IS NOT NULL AND {HoldsPair}").HasDatabaseName("UX_Meeting_Match");
        // A plain index as well: SQLite cannot use the filtered one to find the rows pointing at a proposal, which it
        // does for every proposal deleted (the foreign key) and for every "acted on" check; without it, replacing an
        // edition's 200,000 proposals scanned this table for each one (30 minutes on the full seed instead of seconds).
        builder.HasIndex(e => e.MatchId, "IX_Meetings_MatchId");
        // Plain ones beside the filtered slot indexes, for the same reason: a buyer's, an exhibitor's or an interpreter's
        // meetings (their pages, and the foreign-key check when one is deleted) are read through them.
        builder.HasIndex(e => new { e.ExhibitorId, e.StartsAt }, "IX_Meetings_ExhibitorId_StartsAt");
        builder.HasIndex(e => new { e.BuyerId, e.StartsAt }, "IX_Meetings_BuyerId_StartsAt");
        builder.HasIndex(e => e.InterpreterId, "IX_Meetings_InterpreterId");
        builder.HasIndex(e => new { e.EditionId, e.StartsAt });
        builder.HasIndex(e => new { e.PromotionTeamId, e.StartsAt });
        builder.HasIndex(e => e.SessionId);
        builder.HasOne(e => e.Edition).WithMany().HasForeignKey(e => e.EditionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.Match).WithMany().HasForeignKey(e => e.MatchId).OnDelete(DeleteBehavior.ClientSetNull);
        builder.HasOne(e => e.Interpreter).WithMany().HasForeignKey(e => e.InterpreterId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.Session).WithMany().HasForeignKey(e => e.SessionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.Exhibitor).WithMany().HasForeignKey(e => e.ExhibitorId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.Buyer).WithMany().HasForeignKey(e => e.BuyerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.PromotionTeam).WithMany().HasForeignKey(e => e.PromotionTeamId).OnDelete(DeleteBehavior.Restrict);
        builder.ToTable(t => t.HasCheckConstraint("CK_Meeting_EndsAfterStart", "\"EndsAt\" > \"StartsAt\""));
    }
}
