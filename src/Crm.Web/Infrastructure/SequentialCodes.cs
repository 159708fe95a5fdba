using Crm.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Infrastructure;

/// <summary>
/// Codes that count up (SI09-00042, P000123): the next number after the highest code with the prefix. Two writers at the
/// same moment can draw the same code; the unique index refuses the second, which draws again.
/// </summary>
internal static class SequentialCodes
{
    private const int Attempts = 5;

    /// <summary>The next code after the highest of <paramref name="codes"/> that has the prefix and the digits.</summary>
    public static async Task<string> NextAsync(IQueryable<string> codes, string prefix, int digits, CancellationToken ct) =>
        Format(prefix, await NextNumberAsync(codes, prefix, digits, ct), digits);

    /// <summary>The number after the highest code with the prefix and the digits (1 when there is none).</summary>
    public static async Task<int> NextNumberAsync(IQueryable<string> codes, string prefix, int digits, CancellationToken ct)
    {
        var highest = await codes.Where(c => c.StartsWith(prefix) && c.Length == prefix.Length + digits)
            .OrderByDescending(c => c).FirstOrDefaultAsync(ct);
        return highest is not null && int.TryParse(highest.AsSpan(prefix.Length), out var n) ? n + 1 : 1;
    }

    public static string Format(string prefix, int number, int digits) =>
        prefix + number.ToString(new string('0', digits), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Adds a record with the next code and saves it, each attempt in a fresh context: when another writer took that code
    /// in the meantime, draws again (a few times). Any other failure is thrown as it is. Returns the saved record.
    /// </summary>
    /// <param name="add">Adds the record with the given code to the context (and whatever goes with it).</param>
    public static async Task<TEntity> AddWithNextAsync<TEntity>(IDbContextFactory<CrmDbContext> contexts, Func<CrmDbContext, IQueryable<string>> codes,
        string prefix, int digits, Func<CrmDbContext, string, Task<TEntity>> add, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var code = await NextAsync(codes(db), prefix, digits, ct);
            var entity = await add(db, code);
            try
            {
                await db.SaveChangesAsync(ct);
                return entity;
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                if (!await IsTakenAsync(contexts, codes, code, ct))
                {
                    throw;
                }
            }
        }
    }

    private static async Task<bool> IsTakenAsync(IDbContextFactory<CrmDbContext> contexts, Func<CrmDbContext, IQueryable<string>> codes, string code,
        CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await codes(db).AnyAsync(c => c == code, ct);
    }
}
