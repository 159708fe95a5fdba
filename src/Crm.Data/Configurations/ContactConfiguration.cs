using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Data.Configurations;

public class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> builder)
    {
        builder.Property(e => e.Code).HasMaxLength(32);
        builder.HasIndex(e => e.Code).IsUnique();
        builder.Property(e => e.Version).IsConcurrencyToken();
        builder.Property(e => e.Name).HasMaxLength(Contact.NameMaxLength);
        builder.Property(e => e.NameZh).HasMaxLength(Contact.NameMaxLength);
        builder.Property(e => e.JobTitle).HasMaxLength(Contact.JobTitleMaxLength);
        builder.Property(e => e.Email).HasMaxLength(Contact.EmailMaxLength);
        builder.Property(e => e.Phone).HasMaxLength(Contact.PhoneMaxLength);
        builder.Property(e => e.Notes).HasMaxLength(Contact.NotesMaxLength);
        // A company's people are read together (the record page), primary first.
        builder.HasIndex(e => new { e.CompanyId, e.IsPrimary });
        builder.HasOne(e => e.Company).WithMany().HasForeignKey(e => e.CompanyId).OnDelete(DeleteBehavior.Cascade);
    }
}
