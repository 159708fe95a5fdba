using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Data.Configurations;

/// <summary>
/// ASP.NET Core Data Protection's key ring, shared by every instance of the app (sign-in cookies and anti-forgery
/// tokens issued by one are read by the others). Rows are written and read by the framework only.
/// </summary>
public class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> builder)
    {
        builder.ToTable("DataProtectionKeys");
        // "key-" and a GUID, as the framework names them.
        builder.Property(e => e.FriendlyName).HasMaxLength(64);
    }
}
