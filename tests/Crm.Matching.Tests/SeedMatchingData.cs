using Crm.Matching.Data;
using Crm.Seed;

namespace Crm.Matching.Tests;

/// <summary>
/// The generated seed as the engine's plain input, without a database (ids are positions + 1). Shared with the
/// matching benchmark (bench/Crm.Matching.Bench links this file), so tests and benchmarks read the seed the same way.
/// </summary>
public static class SeedMatchingData
{
    public static MatchingData From(SeedData seed)
    {
        var companies = seed.Companies.ToDictionary(c => c.Code, c => c.Index + 1);
        var exhibitorIds = seed.Exhibitors.Select((e, i) => (e, i)).ToDictionary(x => x.e, x => x.i + 1);
        var buyerIds = seed.Buyers.Select((b, i) => (b, i)).ToDictionary(x => x.b, x => x.i + 1);
        var teamIds = seed.Teams.Select((t, i) => (t, i)).ToDictionary(x => x.t.Code, x => x.i + 1);
        return new MatchingData
        {
            Categories = seed.Categories.Select(c => new CategoryInput(c.Code, c.AreaCode, c.SectorCode)).ToList(),
            Countries = seed.Countries.Select(c => new CountryInput(c.Code, c.Region, c.Language)).ToList(),
            Exhibitors = seed.Exhibitors.Select(e => new ExhibitorInput(exhibitorIds[e], e.Edition, companies[e.Company.Code],
                e.Company.Country.Code, e.Company.SectorCode, e.Company.IsFortune500, e.AreaCode, (double)e.BoothAreaSqm,
                e.Categories, e.InterestedInInvesting, e.MeetingCapacity)).ToList(),
            Buyers = seed.Buyers.Select(b => new BuyerInput(buyerIds[b], b.Edition, companies[b.Company.Code], b.SectorCode,
                b.WantedCategories, (double)b.BudgetUsd, b.TopDelegation.Name)).ToList(),
            Teams = seed.Teams.Select(t => new TeamInput(teamIds[t.Code], t.Code, t.FocusSectors)).ToList(),
            Outcomes = seed.Deals.Select(d => new OutcomeInput(
                d.Buyer is null ? PairKind.Investment : PairKind.Procurement,
                d.Edition,
                exhibitorIds[d.Exhibitor],
                d.Buyer is null ? teamIds[d.Team!.Code] : buyerIds[d.Buyer],
                d.Grade,
                d.IntendedValueUsd is { } v ? (double)v : null)).ToList(),
        };
    }
}
