using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Data.Configurations;

internal static class ConfigurationExtensions
{
    /// <summary>Enums are stored by name: readable in the database, in exports and in index filters.</summary>
    public static PropertyBuilder<TEnum> StoredAsName<TEnum>(this PropertyBuilder<TEnum> property) =>
        property.HasConversion<string>().HasMaxLength(24);

    public static PropertyBuilder<TEnum?> StoredAsName<TEnum>(this PropertyBuilder<TEnum?> property) where TEnum : struct, Enum =>
        property.HasConversion<string>().HasMaxLength(24);
}
