using Crm.Data.Auditing;
using Crm.Data.Entities;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Crm.Data;

public partial class CrmDbContext(DbContextOptions<CrmDbContext> options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<Edition> Editions => Set<Edition>();
    public DbSet<Country> Countries => Set<Country>();
    public DbSet<ExhibitionArea> ExhibitionAreas => Set<ExhibitionArea>();
    public DbSet<ProductCategory> ProductCategories => Set<ProductCategory>();
    public DbSet<Sector> Sectors => Set<Sector>();
    public DbSet<District> Districts => Set<District>();
    public DbSet<Company> Companies => Set<Company>();
    public DbSet<Exhibitor> Exhibitors => Set<Exhibitor>();
    public DbSet<Buyer> Buyers => Set<Buyer>();
    public DbSet<TradeDelegation> TradeDelegations => Set<TradeDelegation>();
    public DbSet<TradeDelegationLead> TradeDelegationLeads => Set<TradeDelegationLead>();
    public DbSet<PromotionTeam> PromotionTeams => Set<PromotionTeam>();
    public DbSet<PromotionTeamMember> PromotionTeamMembers => Set<PromotionTeamMember>();
    public DbSet<Match> Matches => Set<Match>();
    public DbSet<Meeting> Meetings => Set<Meeting>();
    public DbSet<Deal> Deals => Set<Deal>();
    public DbSet<DealStageChange> DealStageChanges => Set<DealStageChange>();
    public DbSet<ExchangeRate> ExchangeRates => Set<ExchangeRate>();
    public DbSet<Activity> Activities => Set<Activity>();
    public DbSet<SavedView> SavedViews => Set<SavedView>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<ServiceIssue> ServiceIssues => Set<ServiceIssue>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<MatchmakingSession> MatchmakingSessions => Set<MatchmakingSession>();
    public DbSet<SessionInterpreter> SessionInterpreters => Set<SessionInterpreter>();
    public DbSet<ExhibitorAvailability> ExhibitorAvailabilities => Set<ExhibitorAvailability>();
    public DbSet<SigningEvent> SigningEvents => Set<SigningEvent>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<MatchModel> MatchModels => Set<MatchModel>();
    public DbSet<DealForecast> DealForecasts => Set<DealForecast>();
    public DbSet<BackgroundJob> BackgroundJobs => Set<BackgroundJob>();
    public DbSet<ImportUpload> ImportUploads => Set<ImportUpload>();

    /// <summary>The Data Protection key ring, one table for every instance (see docs/configuration.md, "Several instances").</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>
    /// When false, saves write no per-row audit entries. Bulk imports turn it off and write one
    /// <see cref="AuditAction.Imported"/> entry for the whole file instead.
    /// </summary>
    public bool AuditRows { get; set; } = true;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(CrmDbContext).Assembly);
        ApplyAccessFilters(builder);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        if (Database.IsSqlite())
        {
            // SQLite has no decimal type: EF stores decimals as text, which cannot be summed or ordered in SQL.
            // Money is kept as REAL there (15 significant digits: exact to the cent below US$10 trillion).
            builder.Properties<decimal>().HaveConversion<double>();
            builder.Properties<decimal?>().HaveConversion<double?>();
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        ChangeTracker.DetectChanges();
        GuardWrites();
        Versioning.Bump(ChangeTracker);
        if (!AuditRows)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        var trail = AuditTrail.Capture(ChangeTracker, AuditScope.Current, DateTime.UtcNow);
        if (trail.IsEmpty)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        // The change and its audit are one unit: both or neither.
        var ownTransaction = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            AuditEntries.AddRange(trail.Complete());
            await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }
            return written;
        }
        finally
        {
            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }
        }
    }
}
