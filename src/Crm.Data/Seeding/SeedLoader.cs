using System.Diagnostics;
using Crm.Data.Csv;
using Crm.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Data.Seeding;

/// <summary>One kind loaded by the seed: how many rows, and how long it took.</summary>
public sealed record SeedStep(string Kind, int Rows, TimeSpan Elapsed);

/// <summary>
/// Loads a folder of CSV files (one per kind, named <c>&lt;kind&gt;.csv</c>) through the same importer users use,
/// all-or-nothing per file, in the order of <see cref="CsvKinds.All"/>. Seeded users get the development password.
/// </summary>
public sealed class SeedLoader(IDbContextFactory<CrmDbContext> contexts)
{
    /// <summary>The password of every seeded user, for development and demonstration databases only.</summary>
    public const string DevelopmentPassword = "Expo#2026";

    public async Task<bool> IsSeededAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Editions.AnyAsync(ct);
    }

    public async Task<IReadOnlyList<SeedStep>> LoadAsync(string folder, IProgress<SeedStep>? progress = null, CancellationToken ct = default)
    {
        var importer = new CsvImporter(contexts);
        var steps = new List<SeedStep>();
        foreach (var kind in CsvKinds.All)
        {
            var file = Path.Combine(folder, kind.Name + ".csv");
            if (!File.Exists(file))
            {
                continue;
            }
            var watch = Stopwatch.StartNew();
            await using var stream = File.OpenRead(file);
            var result = await importer.ImportAsync(kind.Name, stream, file, ImportMode.AllOrNothing, ct: ct);
            if (result.HasErrors)
            {
                throw new InvalidDataException(
                    $"The seed file {file} does not import: " + string.Join("; ", result.Errors.Take(10)));
            }
            var step = new SeedStep(kind.Name, result.Rows, watch.Elapsed);
            steps.Add(step);
            progress?.Report(step);
        }
        await SetDevelopmentPasswordsAsync(ct);
        return steps;
    }

    /// <summary>Users without a password get the development one (hashed once: hashing is slow on purpose).</summary>
    private async Task SetDevelopmentPasswordsAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.AuditRows = false;
        var users = await db.Users.Where(u => u.PasswordHash == null).ToListAsync(ct);
        if (users.Count == 0)
        {
            return;
        }
        var hash = new PasswordHasher<AppUser>().HashPassword(users[0], DevelopmentPassword);
        foreach (var user in users)
        {
            user.PasswordHash = hash;
        }
        await db.SaveChangesAsync(ct);
    }
}
