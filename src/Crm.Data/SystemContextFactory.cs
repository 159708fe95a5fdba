using Microsoft.EntityFrameworkCore;

namespace Crm.Data;

/// <summary>
/// Contexts that work as the system (<see cref="Access.UserAccess.System"/>): for start-up, the command line, the seed
/// and background jobs. Requests from users never use it: the web app binds its contexts to the signed-in user.
/// </summary>
public sealed class SystemContextFactory(DbContextOptions<CrmDbContext> options) : IDbContextFactory<CrmDbContext>
{
    public CrmDbContext CreateDbContext() => new(options);

    public Task<CrmDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) => Task.FromResult(CreateDbContext());
}
