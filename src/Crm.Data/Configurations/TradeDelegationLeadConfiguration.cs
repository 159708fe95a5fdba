using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Data.Configurations;

public class TradeDelegationLeadConfiguration : IEntityTypeConfiguration<TradeDelegationLead>
{
    public void Configure(EntityTypeBuilder<TradeDelegationLead> builder)
    {
        builder.HasKey(e => new { e.DelegationId, e.UserId });
        builder.HasIndex(e => e.UserId);
        builder.HasOne(e => e.Delegation).WithMany(e => e.Leads).HasForeignKey(e => e.DelegationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(e => e.User).WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
