using Crm.Data;
using Crm.Data.Entities;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Dashboard;

/// <summary>The edition a dashboard shows and the one it is compared with (Number − 1), shared by its reads.</summary>
internal static class DashboardEditions
{
    public sealed record Pair(Edition Chosen, Edition? Previous, IReadOnlyList<int> Numbers);

    /// <summary>The edition asked for, by default the current one (even before it has deals), else the newest.</summary>
    public static async Task<Pair> ResolveAsync(CrmDbContext db, int? number, CancellationToken cancellationToken)
    {
        var editions = await db.Editions.AsNoTracking().OrderByDescending(e => e.Number).ToListAsync(cancellationToken);
        var chosen = number is { } n
            ? editions.Single(e => e.Number == n)
            : editions.FirstOrDefault(e => e.Status == EditionStatus.Current) ?? editions.First();
        var previous = editions.FirstOrDefault(e => e.Number == chosen.Number - 1);
        return new Pair(chosen, previous, editions.Select(e => e.Number).ToList());
    }

    /// <summary>True when the edition exists (no number: true when there is any edition).</summary>
    public static async Task<bool> ExistsAsync(IDbContextFactory<CrmDbContext> contexts, int? number, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return number is { } n ? await db.Editions.AnyAsync(e => e.Number == n, cancellationToken) : await db.Editions.AnyAsync(cancellationToken);
    }

    /// <summary>The rule every dashboard read shares: the edition asked for exists (no number: there is any edition).</summary>
    public static IRuleBuilderOptions<T, int?> MustBeAnEdition<T>(
        this IRuleBuilder<T, int?> rule, IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<DashboardText> text) =>
        rule.MustAsync((number, ct) => ExistsAsync(contexts, number, ct))
            .WithMessage((_, number) => number is { } n ? text["EditionUnknown", n] : text["NoEditions"]);

    /// <summary>A change in %, rounded to one decimal; null when there is no baseline (previous 0 or unknown).</summary>
    public static decimal? ChangePercent(decimal? current, decimal? previous) =>
        current is { } c && previous is { } p && p != 0 ? Math.Round((c - p) / p * 100m, 1, MidpointRounding.AwayFromZero) : null;

    /// <summary>
    /// "D09-SH" → "SH", "D09-SH-01" → "SH-01": a delegation's code without its edition prefix, which matches it with the
    /// previous edition's (delegations are records of each edition); "" for none.
    /// </summary>
    public static string DelegationKey(string? code) =>
        code is null ? "" : code.IndexOf('-') is var dash and >= 0 ? code[(dash + 1)..] : code;
}
