using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Data.Configurations;

public class SigningEventConfiguration : IEntityTypeConfiguration<SigningEvent>
{
    public void Configure(EntityTypeBuilder<SigningEvent> builder)
    {
        builder.HasIndex(e => e.Code).IsUnique();
        builder.Property(e => e.Code).HasMaxLength(32);
        builder.Property(e => e.Name).HasMaxLength(200);
        builder.Property(e => e.NameZh).HasMaxLength(100);
        builder.Property(e => e.Venue).HasMaxLength(200);
        builder.HasIndex(e => new { e.EditionId, e.HeldOn });
        builder.HasOne(e => e.Edition).WithMany().HasForeignKey(e => e.EditionId).OnDelete(DeleteBehavior.Restrict);
    }
}
