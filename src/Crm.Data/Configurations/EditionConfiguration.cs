using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Data.Configurations;

public class EditionConfiguration : IEntityTypeConfiguration<Edition>
{
    public void Configure(EntityTypeBuilder<Edition> builder)
    {
        builder.HasIndex(e => e.Number).IsUnique();
        builder.Property(e => e.Status).StoredAsName();
        builder.Property(e => e.ReportedIntendedDealValueUsdBn).HasPrecision(9, 2);
    }
}
