using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Data.Configurations;

public class PromotionTeamMemberConfiguration : IEntityTypeConfiguration<PromotionTeamMember>
{
    public void Configure(EntityTypeBuilder<PromotionTeamMember> builder)
    {
        builder.HasKey(e => new { e.TeamId, e.UserId });
        builder.HasIndex(e => e.UserId);
        builder.HasOne(e => e.Team).WithMany(e => e.Members).HasForeignKey(e => e.TeamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(e => e.User).WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
