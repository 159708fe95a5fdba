using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Data.Configurations;

public class ExhibitorAvailabilityConfiguration : IEntityTypeConfiguration<ExhibitorAvailability>
{
    public void Configure(EntityTypeBuilder<ExhibitorAvailability> builder)
    {
        // One window per exhibitor and session: setting it again replaces it.
        builder.HasIndex(e => new { e.SessionId, e.ExhibitorId }).IsUnique();
        builder.HasOne(e => e.Session).WithMany(s => s.Availabilities).HasForeignKey(e => e.SessionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(e => e.Exhibitor).WithMany().HasForeignKey(e => e.ExhibitorId).OnDelete(DeleteBehavior.Restrict);
        builder.ToTable(t => t.HasCheckConstraint("CK_ExhibitorAvailability_Window", "\"Until\" > \"From\""));
    }
}
