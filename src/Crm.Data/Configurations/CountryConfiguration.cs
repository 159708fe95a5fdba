using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Data.Configurations;

public class CountryConfiguration : IEntityTypeConfiguration<Country>
{
    public void Configure(EntityTypeBuilder<Country> builder)
    {
        builder.HasKey(e => e.Code);
        builder.Property(e => e.Code).HasMaxLength(16);
        builder.Property(e => e.NameEn).HasMaxLength(128);
        builder.Property(e => e.NameZh).HasMaxLength(64);
        builder.Property(e => e.Region).HasMaxLength(32);
        builder.Property(e => e.Language).HasMaxLength(8);
    }
}
