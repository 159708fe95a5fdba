using Crm.Data;
using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Infrastructure.Lists;

/// <summary>The edition a list of one edition shows: the one asked for (none if it does not exist), else the current one, else the newest.</summary>
public readonly record struct ListedEdition(int Id, int Number)
{
    public static async Task<ListedEdition?> FindAsync(CrmDbContext db, int? number, CancellationToken ct)
    {
        var editions = db.Editions.AsNoTracking();
        var found = number is { } asked
            ? await editions.Where(e => e.Number == asked).Select(e => new { e.Id, e.Number }).FirstOrDefaultAsync(ct)
            : await editions.Where(e => e.Status == EditionStatus.Current).Select(e => new { e.Id, e.Number }).FirstOrDefaultAsync(ct)
              ?? await editions.OrderByDescending(e => e.Number).Select(e => new { e.Id, e.Number }).FirstOrDefaultAsync(ct);
        return found is null ? null : new ListedEdition(found.Id, found.Number);
    }
}
