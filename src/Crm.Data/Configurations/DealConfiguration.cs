using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Data.Configurations;

public class DealConfiguration : IEntityTypeConfiguration<Deal>
{
    public void Configure(EntityTypeBuilder<Deal> builder)
    {
        builder.HasIndex(e => e.Code).IsUnique();
        builder.Property(e => e.Code).HasMaxLength(32);
        builder.Property(e => e.Kind).StoredAsName();
        builder.Property(e => e.Stage).StoredAsName();
        builder.Property(e => e.LostReason).HasMaxLength(500);
        builder.Property(e => e.IntendedValueUsd).HasPrecision(18, 2);
        builder.Property(e => e.ContractValueUsd).HasPrecision(18, 2);
        builder.Property(e => e.RegisteredCapitalUsd).HasPrecision(18, 2);
        builder.Property(e => e.CapexUsd).HasPrecision(18, 2);
        builder.Property(e => e.IntendedValue).HasPrecision(18, 2);
        builder.Property(e => e.ContractValue).HasPrecision(18, 2);
        builder.Property(e => e.ActualInvestmentUsd).HasPrecision(18, 2);
        builder.Property(e => e.IntendedCurrency).StoredAsName();
        builder.Property(e => e.ContractCurrency).StoredAsName();
        builder.Property(e => e.Counterpart).HasMaxLength(Deal.NameMaxLength);
        builder.Property(e => e.RegisteredEntity).HasMaxLength(Deal.NameMaxLength);
        builder.Property(e => e.DistrictCode).HasMaxLength(16);
        builder.HasOne(e => e.District).WithMany().HasForeignKey(e => e.DistrictCode).OnDelete(DeleteBehavior.Restrict);
        builder.Property(e => e.Version).IsConcurrencyToken();

        builder.HasIndex(e => new { e.EditionId, e.Kind, e.Stage });
        builder.HasIndex(e => new { e.PromotionTeamId, e.Stage });
        builder.HasIndex(e => e.BuyerId);
        builder.HasIndex(e => e.ExhibitorId);
        builder.Property(e => e.NextStep).HasMaxLength(Deal.NextStepMaxLength);
        // One deal per proposed pair: a held meeting's outcome advances the pair's deal instead of starting another.
        builder.HasIndex(e => e.MatchId).IsUnique().HasFilter("\"MatchId\" IS NOT NULL").HasDatabaseName("UX_Deal_Match");
        // A plain index as well: SQLite cannot use the filtered one to find the rows pointing at a proposal, which it
        // does for every proposal deleted (the foreign key) and for every "acted on" check; without it, replacing an
        // edition's 200,000 proposals scanned this table for each one (30 minutes on the full seed instead of seconds).
        builder.HasIndex(e => e.MatchId, "IX_Deals_MatchId");
        builder.HasIndex(e => e.SigningEventId);
        builder.HasIndex(e => new { e.OwnerUserId, e.Stage });
        builder.HasOne(e => e.Edition).WithMany().HasForeignKey(e => e.EditionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.Match).WithMany().HasForeignKey(e => e.MatchId).OnDelete(DeleteBehavior.ClientSetNull);
        builder.HasOne(e => e.Exhibitor).WithMany().HasForeignKey(e => e.ExhibitorId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.Buyer).WithMany().HasForeignKey(e => e.BuyerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.PromotionTeam).WithMany().HasForeignKey(e => e.PromotionTeamId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.Owner).WithMany().HasForeignKey(e => e.OwnerUserId).OnDelete(DeleteBehavior.ClientSetNull);
        builder.HasOne(e => e.SigningEvent).WithMany(e => e.Deals).HasForeignKey(e => e.SigningEventId).OnDelete(DeleteBehavior.ClientSetNull);
        builder.ToTable(t => t.HasCheckConstraint("CK_Deal_OneCounterpart",
            "(\"BuyerId\" IS NULL AND \"PromotionTeamId\" IS NOT NULL) OR (\"BuyerId\" IS NOT NULL AND \"PromotionTeamId\" IS NULL)"));
    }
}
