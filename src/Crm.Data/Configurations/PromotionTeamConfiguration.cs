using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Data.Configurations;

public class PromotionTeamConfiguration : IEntityTypeConfiguration<PromotionTeam>
{
    public void Configure(EntityTypeBuilder<PromotionTeam> builder)
    {
        builder.HasIndex(e => e.Code).IsUnique();
        builder.HasIndex(e => e.DistrictCode);
        builder.Property(e => e.Code).HasMaxLength(32);
        builder.Property(e => e.Name).HasMaxLength(200);
        builder.Property(e => e.NameZh).HasMaxLength(100);
        builder.Property(e => e.Park).HasMaxLength(100);
        builder.HasOne(e => e.District).WithMany().HasForeignKey(e => e.DistrictCode).OnDelete(DeleteBehavior.Restrict);
    }
}
