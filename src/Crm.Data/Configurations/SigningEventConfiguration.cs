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
        builder.Property(e => e.Name).HasMaxLength(SigningEvent.NameMaxLength);
        builder.Property(e => e.NameZh).HasMaxLength(SigningEvent.NameZhMaxLength);
        builder.Property(e => e.Venue).HasMaxLength(SigningEvent.VenueMaxLength);
        builder.Ignore(e => e.IsRecorded);
        builder.Property(e => e.Version).IsConcurrencyToken();
        builder.HasIndex(e => new { e.EditionId, e.HeldOn });
        builder.HasOne(e => e.Edition).WithMany().HasForeignKey(e => e.EditionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.RecordedBy).WithMany().HasForeignKey(e => e.RecordedByUserId).OnDelete(DeleteBehavior.ClientSetNull);
    }
}
