using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Data.Configurations;

public class ImportUploadConfiguration : IEntityTypeConfiguration<ImportUpload>
{
    public void Configure(EntityTypeBuilder<ImportUpload> builder)
    {
        builder.Property(e => e.FileName).HasMaxLength(260);
    }
}
