using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Pipeline;
using Crm.Web.Infrastructure;
using Crm.Web.Tests.Access;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Pipeline;

/// <summary>
/// A year's yuan rate, set by a manager: the intended and contracted values signed in yuan in that year's editions are
/// converted again in the same save; US$ deals and other years stay. The rate is restored after each test.
/// </summary>
[Collection(SeededCrmCollection.Name)]
public sealed class ExchangeRateTests(SeededCrm crm)
{
    [Fact]
    public async Task A_new_rate_converts_again_the_values_signed_in_yuan_that_year_and_leaves_dollar_deals_and_other_years()
    {
        int year, otherYear;
        decimal rate;
        Deal inYuan, inDollars, otherEdition;
        await using (var db = crm.Database.CreateDbContext())
        {
            var edition = await db.Editions.SingleAsync(e => e.Number == 9);
            var earlier = await db.Editions.SingleAsync(e => e.Number == 8);
            (year, otherYear) = (edition.Year, earlier.Year);
            rate = await db.ExchangeRates.Where(r => r.Year == year).Select(r => r.CnyPerUsd).SingleAsync();
            var exhibitor = await db.Exhibitors.Where(e => e.EditionId == edition.Id).OrderBy(e => e.Id).Select(e => e.Id).Skip(7).FirstAsync();
            var earlierExhibitor = await db.Exhibitors.Where(e => e.EditionId == earlier.Id).OrderBy(e => e.Id).Select(e => e.Id).Skip(7).FirstAsync();
            Deal Signed(string code, int editionId, int exhibitorId, DealCurrency currency) => new()
            {
                Code = code, EditionId = editionId, Kind = MatchKind.Investment, ExhibitorId = exhibitorId, PromotionTeamId = crm.TeamMember.TeamIds[0],
                Stage = DealStage.ContractSigned, IntendedValue = 70_000_000m, IntendedCurrency = currency, IntendedValueUsd = 10_000_000m,
                ContractValue = 7_000_000m, ContractCurrency = currency, ContractValueUsd = 1_000_000m, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            };
            db.Deals.AddRange(
                inYuan = Signed("D09-300001", edition.Id, exhibitor, DealCurrency.Cny),
                inDollars = Signed("D09-300002", edition.Id, exhibitor, DealCurrency.Usd),
                otherEdition = Signed("D08-300003", earlier.Id, earlierExhibitor, DealCurrency.Cny));
            await db.SaveChangesAsync();
        }
        Assert.NotEqual(year, otherYear);

        try
        {
            var converted = await crm.SendAs(crm.Manager, new SetExchangeRate.Command(year, 7.0m));

            Assert.True(converted >= 1);
            await using var db = crm.Database.CreateDbContext();
            var stored = await db.Deals.AsNoTracking().Where(d => d.Code.StartsWith("D09-3000") || d.Code == "D08-300003").ToDictionaryAsync(d => d.Code);
            Assert.Equal((10_000_000m, 1_000_000m), (stored[inYuan.Code].IntendedValueUsd, stored[inYuan.Code].ContractValueUsd));
            Assert.Equal((10_000_000m, 1_000_000m), (stored[inDollars.Code].IntendedValueUsd, stored[inDollars.Code].ContractValueUsd));
            Assert.Equal(10_000_000m, stored[otherEdition.Code].IntendedValueUsd);
            var rates = await crm.SendAs(crm.Manager, new ListExchangeRates.Query());
            Assert.Equal(7.0m, rates.Single(r => r.Year == year).CnyPerUsd);

            await crm.SendAs(crm.Manager, new SetExchangeRate.Command(year, 7.1234m));
            await using var again = crm.Database.CreateDbContext();
            Assert.Equal(Math.Round(70_000_000m / 7.1234m, 2), await again.Deals.Where(d => d.Code == inYuan.Code).Select(d => d.IntendedValueUsd).SingleAsync());
        }
        finally
        {
            await crm.SendAs(crm.Manager, new SetExchangeRate.Command(year, rate));
        }
    }

    [Fact]
    public async Task Rates_out_of_range_are_refused_with_reasons_and_only_managers_set_them()
    {
        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.Manager, new SetExchangeRate.Command(1999, 0.5m)));
        Assert.Equal([nameof(SetExchangeRate.Command.CnyPerUsd), nameof(SetExchangeRate.Command.Year)], refused.Failures.Select(f => f.PropertyName).Order());
        await Assert.ThrowsAsync<AccessDeniedException>(() => crm.SendAs(crm.TeamMember, new SetExchangeRate.Command(2026, 7.1m)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => crm.SendAs(crm.Viewer, new SetExchangeRate.Command(2026, 7.1m)));
    }
}
