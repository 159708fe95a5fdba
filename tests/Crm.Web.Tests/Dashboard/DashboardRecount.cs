using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Figure = Crm.Web.Features.Dashboard.GetDashboardHeadlines.Figure;

namespace Crm.Web.Tests.Dashboard;

/// <summary>
/// The dashboard's figures counted again, independently of its handlers: every deal and meeting of an edition read
/// without the row-level filters (optionally kept to some teams), then counted in memory by each figure's own date.
/// </summary>
internal static class DashboardRecount
{
    public sealed record DealFacts(
        string Code, MatchKind Kind, int? TeamId, string? TeamCode, string? DelegationCode, string? ParentDelegationCode, string? Province,
        string SectorCode, string CountryCode, DateOnly? IntentSignedOn, decimal? IntendedValueUsd, DateOnly? ContractSignedOn,
        decimal? ContractValueUsd, DateOnly? LandedOn, decimal? CapexUsd, int? Jobs);

    /// <param name="teams">Only these teams' deals (with <paramref name="delegations"/>: or these delegations' buyers'); null: every deal.</param>
    public static async Task<List<DealFacts>> DealsAsync(CrmDbContext db, int editionNumber, int[]? teams = null, int[]? delegations = null) =>
        await db.Deals.IgnoreQueryFilters().AsNoTracking()
            .Where(d => d.Edition!.Number == editionNumber)
            .Where(d => (teams == null && delegations == null)
                || (teams != null && d.PromotionTeamId != null && teams.Contains(d.PromotionTeamId.Value))
                || (delegations != null && d.Buyer!.DelegationId != null && delegations.Contains(d.Buyer.DelegationId.Value)))
            .Select(d => new DealFacts(d.Code, d.Kind, d.PromotionTeamId, d.PromotionTeam!.Code,
                d.Buyer!.Delegation!.Code, d.Buyer.Delegation.Parent!.Code, d.Buyer.Province,
                d.Exhibitor!.Company!.SectorCode, d.Exhibitor.Company.CountryCode,
                d.IntentSignedOn, d.IntendedValueUsd, d.ContractSignedOn, d.ContractValueUsd, d.LandedOn, d.CapexUsd, d.Jobs))
            .ToListAsync();

    public static async Task<Dictionary<Figure, decimal?>> FiguresAsync(
        CrmDbContext db, int editionNumber, DateOnly? cutOff, int[]? teams = null, int[]? delegations = null)
    {
        var deals = await DealsAsync(db, editionNumber, teams, delegations);
        var meetings = await db.Meetings.IgnoreQueryFilters().AsNoTracking()
            .Where(m => m.Edition!.Number == editionNumber)
            .Where(m => (teams == null && delegations == null)
                || (teams != null && m.PromotionTeamId != null && teams.Contains(m.PromotionTeamId.Value))
                || (delegations != null && m.Buyer!.DelegationId != null && delegations.Contains(m.Buyer.DelegationId.Value)))
            .Select(m => new { m.Status, m.StartsAt })
            .ToListAsync();
        bool By(DateOnly? day) => day is { } d && (cutOff is null || d <= cutOff);
        var intents = deals.Where(d => By(d.IntentSignedOn)).ToList();
        var contracts = deals.Where(d => By(d.ContractSignedOn)).ToList();
        var landed = deals.Where(d => By(d.LandedOn)).ToList();
        var held = meetings.Count(m => m.Status == MeetingStatus.Held && By(ExpoCalendar.DayOf(m.StartsAt)));
        var noShow = meetings.Count(m => m.Status == MeetingStatus.NoShow && By(ExpoCalendar.DayOf(m.StartsAt)));
        return new Dictionary<Figure, decimal?>
        {
            [Figure.IntendedValue] = intents.Sum(d => d.IntendedValueUsd ?? 0m),
            [Figure.ContractValue] = contracts.Sum(d => d.ContractValueUsd ?? 0m),
            [Figure.Capex] = landed.Sum(d => d.CapexUsd ?? 0m),
            [Figure.Jobs] = landed.Sum(d => d.Jobs ?? 0),
            [Figure.Intents] = intents.Count,
            [Figure.Contracts] = contracts.Count,
            [Figure.LandedProjects] = landed.Count,
            [Figure.MeetingsHeld] = held,
            [Figure.NoShowRate] = held + noShow == 0 ? null : Math.Round((decimal)noShow / (held + noShow), 4),
        };
    }

    /// <summary>The current edition's number and opening day.</summary>
    public static async Task<(int Number, DateOnly StartsOn)> CurrentEditionAsync(IDbContextFactory<CrmDbContext> database)
    {
        await using var db = await database.CreateDbContextAsync();
        var current = await db.Editions.Where(e => e.Status == EditionStatus.Current).Select(e => new { e.Number, e.StartsOn }).SingleAsync();
        return (current.Number, current.StartsOn);
    }

    /// <summary>"D09-SH-03" under "D09-SH" → "SH": the top-level delegation's code without the edition.</summary>
    public static string DelegationKey(DealFacts deal) =>
        (deal.ParentDelegationCode ?? deal.DelegationCode) is { } code ? code[(code.IndexOf('-') + 1)..] : "";
}
