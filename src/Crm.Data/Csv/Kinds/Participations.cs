using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Crm.Data.Csv.Kinds;

/// <summary>Exhibitors and buyers are keyed by edition and company.</summary>
internal static class Participations
{
    public static string Key(int editionId, int companyId) => $"{editionId}/{companyId}";

    /// <summary>The existing participations (tracked) among the given edition and company pairs.</summary>
    public static async Task<Dictionary<string, T>> FindAsync<T>(IQueryable<T> set, IEnumerable<(int EditionId, int CompanyId)> keys, CancellationToken ct)
        where T : class, IParticipation
    {
        var pairs = keys.ToList();
        var editions = pairs.Select(k => k.EditionId).Distinct().ToList();
        var companies = pairs.Select(k => k.CompanyId).Distinct().ToList();
        return await set.Where(e => editions.Contains(e.EditionId) && companies.Contains(e.CompanyId))
            .ToDictionaryAsync(e => Key(e.EditionId, e.CompanyId), ct);
    }
}
