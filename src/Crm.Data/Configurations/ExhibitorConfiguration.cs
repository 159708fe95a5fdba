using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Data.Configurations;

public class ExhibitorConfiguration : IEntityTypeConfiguration<Exhibitor>
{
    public void Configure(EntityTypeBuilder<Exhibitor> builder)
    {
        // A company exhibits once per edition.
        builder.HasIndex(e => new { e.EditionId, e.CompanyId }).IsUnique();
        builder.HasIndex(e => e.CompanyId);
        builder.HasIndex(e => new { e.EditionId, e.AreaCode });
        builder.HasIndex(e => new { e.EditionId, e.InterestedInInvesting });
        builder.Property(e => e.Hall).HasMaxLength(16);
        builder.Property(e => e.Booth).HasMaxLength(32);
        builder.Property(e => e.BoothAreaSqm).HasPrecision(9, 1);
        builder.HasOne(e => e.Edition).WithMany().HasForeignKey(e => e.EditionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.Company).WithMany().HasForeignKey(e => e.CompanyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.Area).WithMany().HasForeignKey(e => e.AreaCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.InvestmentOwnerTeam).WithMany().HasForeignKey(e => e.InvestmentOwnerTeamId).OnDelete(DeleteBehavior.Restrict);
    }
}
