using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Data.Configurations;

public class DealForecastConfiguration : IEntityTypeConfiguration<DealForecast>
{
    public void Configure(EntityTypeBuilder<DealForecast> builder)
    {
        builder.HasKey(e => e.DealId);
        builder.HasOne(e => e.Deal).WithOne().HasForeignKey<DealForecast>(e => e.DealId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(e => e.ModelVersion).HasMaxLength(64);
        builder.Property(e => e.ExpectedValueUsd).HasPrecision(18, 2);
        builder.Property(e => e.Reasons).HasMaxLength(2000);
    }
}
