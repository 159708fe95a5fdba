using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Data.Configurations;

public class MatchModelConfiguration : IEntityTypeConfiguration<MatchModel>
{
    public void Configure(EntityTypeBuilder<MatchModel> builder)
    {
        builder.Property(e => e.Kind).StoredAsName();
        builder.Property(e => e.Purpose).StoredAsName().HasDefaultValue(ModelPurpose.Ranking).HasSentinel(ModelPurpose.Ranking);
        builder.Property(e => e.Version).HasMaxLength(64);
        builder.HasIndex(e => e.Version).IsUnique();
        builder.Property(e => e.FeatureSchemaVersion).HasMaxLength(64);
        builder.Property(e => e.CreatedByUserId).HasMaxLength(450);
        builder.Property(e => e.CreatedBy).HasMaxLength(256);
        builder.Property(e => e.ActivatedBy).HasMaxLength(256);
        builder.Property(e => e.ActivationNote).HasMaxLength(1000);
        // One active model per purpose and kind: scoring and forecasting never have to choose.
        builder.HasIndex(e => new { e.Purpose, e.Kind }).IsUnique().HasFilter("\"IsActive\" = 1").HasDatabaseName("IX_MatchModels_Purpose_Kind_Active");
        builder.HasIndex(e => new { e.Purpose, e.Kind, e.CreatedAt });
    }
}
