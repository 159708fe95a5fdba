using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Data.Configurations;

public class TradeDelegationConfiguration : IEntityTypeConfiguration<TradeDelegation>
{
    public void Configure(EntityTypeBuilder<TradeDelegation> builder)
    {
        builder.HasIndex(e => new { e.EditionId, e.Code }).IsUnique();
        builder.HasIndex(e => e.ParentId);
        builder.Property(e => e.Code).HasMaxLength(32);
        builder.Property(e => e.Name).HasMaxLength(200);
        builder.Property(e => e.NameZh).HasMaxLength(100);
        builder.Property(e => e.Region).HasMaxLength(64);
        builder.HasOne(e => e.Edition).WithMany().HasForeignKey(e => e.EditionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.Parent).WithMany(e => e.Children).HasForeignKey(e => e.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}
