using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Data.Configurations;

public class ActivityConfiguration : IEntityTypeConfiguration<Activity>
{
    public void Configure(EntityTypeBuilder<Activity> builder)
    {
        builder.Property(e => e.Kind).StoredAsName();
        builder.Property(e => e.Subject).HasMaxLength(200);
        builder.Property(e => e.Notes).HasMaxLength(4000);
        builder.HasIndex(e => e.CompanyId);
        builder.HasIndex(e => e.MatchId);
        builder.HasIndex(e => e.DealId);
        // Overdue follow-ups: open tasks by owner and due date.
        builder.HasIndex(e => new { e.OwnerUserId, e.DueOn });
        builder.HasOne(e => e.Company).WithMany().HasForeignKey(e => e.CompanyId).OnDelete(DeleteBehavior.ClientCascade);
        builder.HasOne(e => e.Match).WithMany().HasForeignKey(e => e.MatchId).OnDelete(DeleteBehavior.ClientCascade);
        builder.HasOne(e => e.Deal).WithMany().HasForeignKey(e => e.DealId).OnDelete(DeleteBehavior.ClientCascade);
        builder.HasOne(e => e.Owner).WithMany().HasForeignKey(e => e.OwnerUserId).OnDelete(DeleteBehavior.ClientSetNull);
    }
}
