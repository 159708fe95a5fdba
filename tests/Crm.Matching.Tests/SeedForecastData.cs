using Crm.Matching.Data;
using Crm.Matching.Forecast;
using Crm.Seed;

namespace Crm.Matching.Tests;

/// <summary>
/// The generated seed as the forecast's plain input, without a database (ids as in <see cref="SeedMatchingData"/>):
/// every deal that signed an intent, outcomes known until the seed's as-of date. Shared with the forecast benchmark.
/// </summary>
public static class SeedForecastData
{
    public static ForecastData From(SeedData seed)
    {
        var matching = SeedMatchingData.From(seed);
        var exhibitorIds = seed.Exhibitors.Select((e, i) => (e, i)).ToDictionary(x => x.e, x => x.i + 1);
        var buyerIds = seed.Buyers.Select((b, i) => (b, i)).ToDictionary(x => x.b, x => x.i + 1);
        var teamIds = seed.Teams.Select((t, i) => (t, i)).ToDictionary(x => x.t.Code, x => x.i + 1);
        var deals = seed.Deals.Select((d, i) => (d, i)).Where(x => x.d.IntentSignedOn is not null).Select(x =>
        {
            var (d, i) = x;
            var procurement = d.Buyer is not null;
            return new DealInput(i + 1, procurement ? PairKind.Procurement : PairKind.Investment, d.Edition, exhibitorIds[d.Exhibitor],
                procurement ? buyerIds[d.Buyer!] : teamIds[d.Team!.Code], d.IntentSignedOn!.Value, d.ContractSignedOn,
                procurement ? d.ContractSignedOn : d.LandedOn, null, (double?)d.IntendedValueUsd, d.SigningEvent is not null, [],
                d.Meeting.Status == "Held" ? [DateOnly.FromDateTime(d.Meeting.StartsAt)] : []);
        }).ToList();
        return new ForecastData(matching, deals, SeedGenerator.AsOf);
    }
}
