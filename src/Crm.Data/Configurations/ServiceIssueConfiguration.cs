using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Data.Configurations;

public class ServiceIssueConfiguration : IEntityTypeConfiguration<ServiceIssue>
{
    public void Configure(EntityTypeBuilder<ServiceIssue> builder)
    {
        builder.Property(e => e.Code).HasMaxLength(32);
        builder.HasIndex(e => e.Code).IsUnique();
        builder.Property(e => e.Version).IsConcurrencyToken();
        builder.Property(e => e.RaisedAs).StoredAsName();
        builder.Property(e => e.Category).StoredAsName();
        builder.Property(e => e.Severity).StoredAsName();
        builder.Property(e => e.Status).StoredAsName();
        builder.Property(e => e.Title).HasMaxLength(200);
        builder.Property(e => e.Description).HasMaxLength(4000);
        builder.Property(e => e.Resolution).HasMaxLength(4000);
        builder.HasIndex(e => new { e.EditionId, e.Status, e.Category });
        builder.HasIndex(e => new { e.EditionId, e.RaisedAt });
        builder.HasIndex(e => new { e.OwnerUserId, e.Status });
        builder.HasIndex(e => e.CompanyId);
        builder.HasOne(e => e.Edition).WithMany().HasForeignKey(e => e.EditionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.Company).WithMany().HasForeignKey(e => e.CompanyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.Owner).WithMany().HasForeignKey(e => e.OwnerUserId).OnDelete(DeleteBehavior.ClientSetNull);
    }
}
