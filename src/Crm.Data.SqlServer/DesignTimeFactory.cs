using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Crm.Data.SqlServer;

/// <summary>
/// Lets the EF tools build the SQL Server model without a server: migrations and scripts need only the model.
/// </summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<CrmDbContext>
{
    public CrmDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<CrmDbContext>()
            .UseSqlServer("Server=design-time;Database=Crm;Trusted_Connection=True;TrustServerCertificate=True",
                sql => sql.MigrationsAssembly(typeof(DesignTimeFactory).Assembly.GetName().Name));
        return new CrmDbContext(builder.Options);
    }
}
