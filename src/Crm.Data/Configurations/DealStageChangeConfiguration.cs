using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Data.Configurations;

public class DealStageChangeConfiguration : IEntityTypeConfiguration<DealStageChange>
{
    public void Configure(EntityTypeBuilder<DealStageChange> builder)
    {
        builder.Property(e => e.FromStage).StoredAsName();
        builder.Property(e => e.ToStage).StoredAsName();
        builder.Property(e => e.Note).HasMaxLength(500);
        builder.Property(e => e.Values).HasMaxLength(2000);
        builder.HasIndex(e => new { e.DealId, e.ChangedAt });
        builder.HasOne(e => e.Deal).WithMany(e => e.StageChanges).HasForeignKey(e => e.DealId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(e => e.ChangedByUserId).OnDelete(DeleteBehavior.ClientSetNull);
    }
}
