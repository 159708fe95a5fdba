using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Data.Configurations;

public class MatchConfiguration : IEntityTypeConfiguration<Match>
{
    public void Configure(EntityTypeBuilder<Match> builder)
    {
        builder.Property(e => e.Kind).StoredAsName();
        builder.Property(e => e.ExhibitorDecision).StoredAsName();
        builder.Property(e => e.CounterpartDecision).StoredAsName();
        builder.Property(e => e.ModelVersion).HasMaxLength(64);
        builder.Property(e => e.ExhibitorReason).HasMaxLength(Match.ReasonMaxLength);
        builder.Property(e => e.CounterpartReason).HasMaxLength(Match.ReasonMaxLength);
        builder.Property(e => e.Version).IsConcurrencyToken();
        // A pair is proposed once: exhibitors are per edition, so this is once per edition too.
        builder.HasIndex(e => new { e.ExhibitorId, e.BuyerId }).IsUnique().HasFilter("\"BuyerId\" IS NOT NULL");
        builder.HasIndex(e => new { e.ExhibitorId, e.PromotionTeamId }).IsUnique().HasFilter("\"PromotionTeamId\" IS NOT NULL");
        builder.HasIndex(e => new { e.BuyerId, e.Rank });
        builder.HasIndex(e => new { e.PromotionTeamId, e.Rank });
        builder.HasIndex(e => new { e.EditionId, e.Kind, e.Score });
        // The dashboard's funnel counts an edition's matches per counterpart from this index alone.
        builder.HasIndex(e => new { e.EditionId, e.BuyerId, e.PromotionTeamId, e.ExhibitorDecision, e.CounterpartDecision })
            .HasDatabaseName("IX_Matches_EditionId_BuyerId_PromotionTeamId_Decisions");
        // The requests waiting for an exhibitor's answer.
        builder.HasIndex(e => new { e.ExhibitorId, e.CounterpartDecision, e.ExhibitorDecision });
        builder.HasOne(e => e.Edition).WithMany().HasForeignKey(e => e.EditionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.Exhibitor).WithMany().HasForeignKey(e => e.ExhibitorId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.Buyer).WithMany().HasForeignKey(e => e.BuyerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.PromotionTeam).WithMany().HasForeignKey(e => e.PromotionTeamId).OnDelete(DeleteBehavior.Restrict);
        builder.ToTable(t => t.HasCheckConstraint("CK_Match_OneCounterpart",
            "(\"BuyerId\" IS NULL AND \"PromotionTeamId\" IS NOT NULL) OR (\"BuyerId\" IS NOT NULL AND \"PromotionTeamId\" IS NULL)"));
    }
}
