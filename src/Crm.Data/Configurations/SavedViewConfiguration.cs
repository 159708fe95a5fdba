using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Data.Configurations;

public class SavedViewConfiguration : IEntityTypeConfiguration<SavedView>
{
    public void Configure(EntityTypeBuilder<SavedView> builder)
    {
        builder.Property(e => e.List).HasMaxLength(32);
        builder.Property(e => e.Name).HasMaxLength(64);
        builder.Property(e => e.Query).HasMaxLength(2000);
        // A name once per user and list; the user's views of a list are read by this index.
        builder.HasIndex(e => new { e.UserId, e.List, e.Name }).IsUnique();
        builder.HasOne(e => e.User).WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
