using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Data.Configurations;

public class CompanyConfiguration : IEntityTypeConfiguration<Company>
{
    public void Configure(EntityTypeBuilder<Company> builder)
    {
        builder.HasIndex(e => e.Code).IsUnique();
        builder.Property(e => e.Code).HasMaxLength(32);
        builder.Property(e => e.Name).HasMaxLength(200);
        builder.Property(e => e.NameZh).HasMaxLength(200);
        builder.Property(e => e.Website).HasMaxLength(200);
        builder.Property(e => e.Version).IsConcurrencyToken();
        builder.HasIndex(e => e.Name);
        builder.HasIndex(e => e.NameZh);
        builder.HasIndex(e => new { e.CountryCode, e.SectorCode });
        builder.HasIndex(e => e.SectorCode);
        builder.HasOne(e => e.Country).WithMany().HasForeignKey(e => e.CountryCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.Sector).WithMany().HasForeignKey(e => e.SectorCode).OnDelete(DeleteBehavior.Restrict);
    }
}
