using Crm.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Infrastructure.Access;

/// <summary>
/// The web app's only way to a database context: every context it creates carries the current user's access,
/// so the row-level query filters and the write guard of <see cref="CrmDbContext"/> apply to every query and save.
/// </summary>
internal sealed class UserContextFactory(DbContextOptions<CrmDbContext> options, CurrentAccess access) : IDbContextFactory<CrmDbContext>
{
    public CrmDbContext CreateDbContext() => new(options) { Access = access.Value };
}
