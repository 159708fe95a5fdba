using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Data.Configurations;

public class ExchangeRateConfiguration : IEntityTypeConfiguration<ExchangeRate>
{
    /// <summary>
    /// Yuan per US dollar, yearly averages of the central parity (rounded to four places) for the expo's years; 2026 is
    /// the year to date at release. Administrators may correct them; a year without a rate cannot take yuan amounts.
    /// </summary>
    private static readonly (int Year, decimal Rate)[] _rates =
    [
        (2018, 6.6174m), (2019, 6.8985m), (2020, 6.8976m), (2021, 6.4515m), (2022, 6.7261m), (2023, 7.0467m), (2024, 7.1217m),
        (2025, 7.1800m), (2026, 7.1000m),
    ];

    public void Configure(EntityTypeBuilder<ExchangeRate> builder)
    {
        builder.HasKey(e => e.Year);
        builder.Property(e => e.Year).ValueGeneratedNever();
        builder.Property(e => e.CnyPerUsd).HasPrecision(10, 4);
        builder.ToTable(t => t.HasCheckConstraint("CK_ExchangeRate_Positive", "\"CnyPerUsd\" > 0"));
        builder.HasData(_rates.Select(r => new ExchangeRate { Year = r.Year, CnyPerUsd = r.Rate }));
    }
}
