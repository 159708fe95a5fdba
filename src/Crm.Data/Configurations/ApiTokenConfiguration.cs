using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Data.Configurations;

public class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.Property(e => e.Name).HasMaxLength(ApiToken.NameMaxLength);
        builder.Property(e => e.Hash).HasMaxLength(64).IsUnicode(false);
        builder.Property(e => e.Hint).HasMaxLength(16);
        // Every API request finds its token by this index.
        builder.HasIndex(e => e.Hash).IsUnique();
        builder.HasIndex(e => e.UserId);
        builder.HasOne(e => e.User).WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
