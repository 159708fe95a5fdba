using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Data.Configurations;

public class ProductCategoryConfiguration : IEntityTypeConfiguration<ProductCategory>
{
    public void Configure(EntityTypeBuilder<ProductCategory> builder)
    {
        builder.HasKey(e => e.Code);
        builder.Property(e => e.Code).HasMaxLength(16);
        builder.Property(e => e.NameEn).HasMaxLength(128);
        builder.Property(e => e.NameZh).HasMaxLength(64);
        builder.HasOne<ExhibitionArea>().WithMany().HasForeignKey(e => e.AreaCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Sector>().WithMany().HasForeignKey(e => e.SectorCode).OnDelete(DeleteBehavior.Restrict);
    }
}
