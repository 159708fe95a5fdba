using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Data.Configurations;

public class MatchmakingSessionConfiguration : IEntityTypeConfiguration<MatchmakingSession>
{
    public void Configure(EntityTypeBuilder<MatchmakingSession> builder)
    {
        builder.Property(e => e.Name).HasMaxLength(200);
        builder.Property(e => e.NameZh).HasMaxLength(200);
        builder.Property(e => e.Venue).HasMaxLength(200);
        builder.Property(e => e.TablePrefix).HasMaxLength(8);
        builder.Property(e => e.Version).IsConcurrencyToken();
        builder.Ignore(e => e.SlotCount);
        builder.HasIndex(e => new { e.EditionId, e.Day });
        builder.HasOne(e => e.Edition).WithMany().HasForeignKey(e => e.EditionId).OnDelete(DeleteBehavior.Restrict);
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("CK_MatchmakingSession_Slots", "\"SlotMinutes\" > 0 AND \"Ends\" > \"Starts\"");
            t.HasCheckConstraint("CK_MatchmakingSession_Tables", "\"Tables\" > 0");
        });
    }
}
