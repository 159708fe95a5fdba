using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Data.Configurations;

public class BackgroundJobConfiguration : IEntityTypeConfiguration<BackgroundJob>
{
    public void Configure(EntityTypeBuilder<BackgroundJob> builder)
    {
        builder.Property(e => e.Kind).HasMaxLength(64);
        builder.Property(e => e.Status).StoredAsName();
        builder.Property(e => e.Stage).HasMaxLength(64);
        builder.Property(e => e.CreatedByUserId).HasMaxLength(450);
        builder.Property(e => e.CreatedBy).HasMaxLength(256);
        builder.Property(e => e.LeaseOwner).HasMaxLength(128);
        builder.Property(e => e.ActiveKey).HasMaxLength(64);
        builder.Property(e => e.Duplicates).StoredAsName();
        builder.HasIndex(e => new { e.Status, e.CreatedAt });
        builder.HasIndex(e => new { e.Kind, e.CreatedAt });
        builder.HasIndex(e => e.ActiveKey).IsUnique().HasFilter("\"ActiveKey\" IS NOT NULL").HasDatabaseName("UX_BackgroundJob_ActiveKey");
    }
}
