using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Crm.Data;

/// <summary>Lets the EF tools build the SQLite model without the web host (dotnet ef … --project src/Crm.Data).</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<CrmDbContext>
{
    public CrmDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<CrmDbContext>().UseSqlite("Data Source=design-time.db");
        return new CrmDbContext(builder.Options);
    }
}
