using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Data.Configurations;

public class SessionInterpreterConfiguration : IEntityTypeConfiguration<SessionInterpreter>
{
    public const int NameMaxLength = 100;

    public void Configure(EntityTypeBuilder<SessionInterpreter> builder)
    {
        builder.Property(e => e.Name).HasMaxLength(NameMaxLength);
        builder.Property(e => e.Language).HasMaxLength(8);
        builder.HasIndex(e => new { e.SessionId, e.Language });
        builder.HasOne(e => e.Session).WithMany(s => s.Interpreters).HasForeignKey(e => e.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}
