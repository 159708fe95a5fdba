using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Data.Configurations;

public class BuyerConfiguration : IEntityTypeConfiguration<Buyer>
{
    public void Configure(EntityTypeBuilder<Buyer> builder)
    {
        // A company buys once per edition (in one delegation).
        builder.HasIndex(e => new { e.EditionId, e.CompanyId }).IsUnique();
        builder.HasIndex(e => e.CompanyId);
        builder.HasIndex(e => e.DelegationId);
        builder.HasIndex(e => new { e.EditionId, e.SectorCode });
        builder.Property(e => e.Province).HasMaxLength(32);
        builder.Property(e => e.City).HasMaxLength(32);
        builder.Property(e => e.SectorCode).HasMaxLength(16);
        builder.Property(e => e.BudgetUsd).HasPrecision(18, 2);
        builder.HasOne(e => e.Edition).WithMany().HasForeignKey(e => e.EditionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.Company).WithMany().HasForeignKey(e => e.CompanyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Sector>().WithMany().HasForeignKey(e => e.SectorCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.Delegation).WithMany().HasForeignKey(e => e.DelegationId).OnDelete(DeleteBehavior.Restrict);
    }
}
