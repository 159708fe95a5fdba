using Crm.Seed;

namespace Crm.Seed.Tests;

public sealed class SmallSeedTests
{
    /// <summary>The columns of docs/data-format.md, typed here again so a drift in the generator is caught.</summary>
    private static readonly Dictionary<string, string> _documentedHeaders = new()
    {
        ["editions"] = "number,year,starts_on,ends_on,status,reported_intended_deal_value_usd_bn,reported_exhibitors,reported_countries,reported_area_sqm",
        ["countries"] = "code,name_en,name_zh,region,language",
        ["sectors"] = "code,name_en,name_zh",
        ["areas"] = "code,name_en,name_zh",
        ["categories"] = "code,area_code,sector_code,name_en,name_zh",
        ["districts"] = "code,name_en,name_zh",
        ["companies"] = "code,name,name_zh,country_code,sector_code,fortune500,website",
        ["teams"] = "code,name,name_zh,district_code,park,focus_sectors",
        ["delegations"] = "edition,code,name,name_zh,region,parent_code",
        ["users"] = "user_name,display_name,email,roles,culture,teams,lead_teams,delegations",
        ["exhibitors"] = "edition,company_code,area_code,hall,booth,booth_area_sqm,categories,interested_in_investing,meeting_capacity",
        ["buyers"] = "edition,company_code,province,city,sector_code,wanted_categories,budget_usd,delegation_code",
        ["signing-events"] = "code,edition,name,name_zh,held_on,venue",
        ["meetings"] = "code,edition,exhibitor,buyer,team,starts_at,ends_at,place,table_code,status",
        ["deals"] = "code,edition,kind,exhibitor,buyer,team,stage,lost_reason,met_on,intended_value_usd,intent_signed_on,contract_value_usd,"
            + "contract_signed_on,landed_on,registered_capital_usd,capex_usd,jobs,start_of_works_on,signing_event",
    };

    [Fact]
    public void Same_seed_writes_byte_identical_files()
    {
        var a = SeedFiles.NewTempFolder();
        var b = SeedFiles.NewTempFolder();
        try
        {
            SeedGenerator.Write(a, SeedSize.Small);
            SeedGenerator.Write(b, SeedSize.Small);
            var hashesA = SeedFiles.Hashes(a);
            Assert.Equal(15, hashesA.Count);
            Assert.Equal(hashesA, SeedFiles.Hashes(b));
        }
        finally
        {
            Directory.Delete(a, true);
            Directory.Delete(b, true);
        }
    }

    [Fact]
    public void A_different_seed_writes_different_generated_files_and_the_same_reference_files()
    {
        var a = SeedFiles.NewTempFolder();
        var b = SeedFiles.NewTempFolder();
        try
        {
            SeedGenerator.Write(a, SeedSize.Small);
            SeedGenerator.Write(b, SeedSize.Small, randomSeed: 7);
            var hashesA = SeedFiles.Hashes(a);
            var hashesB = SeedFiles.Hashes(b);
            foreach (var kind in new[] { "companies", "exhibitors", "buyers", "meetings", "deals" })
            {
                Assert.NotEqual(hashesA[kind + ".csv"], hashesB[kind + ".csv"]);
            }
            Assert.Equal(hashesA["countries.csv"], hashesB["countries.csv"]);
        }
        finally
        {
            Directory.Delete(a, true);
            Directory.Delete(b, true);
        }
    }

    [Fact]
    public void Files_come_back_in_import_order_each_with_exactly_the_documented_header()
    {
        var folder = SeedFiles.NewTempFolder();
        try
        {
            var files = SeedGenerator.Write(folder, SeedSize.Small);
            Assert.Equal(
                ["editions", "countries", "sectors", "areas", "categories", "districts", "companies", "teams", "delegations", "users",
                 "exhibitors", "buyers", "signing-events", "meetings", "deals"],
                files.Select(f => Path.GetFileNameWithoutExtension(f)).ToArray());
            foreach (var (kind, header) in _documentedHeaders)
            {
                var (actual, rows) = SeedFiles.Read(folder, kind);
                Assert.Equal(header, string.Join(',', actual));
                Assert.NotEmpty(rows);
                Assert.All(rows, r => Assert.Equal(actual.Length, r.Count));
            }
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void Small_seed_has_nine_editions_and_no_outcomes_for_the_current_one()
    {
        var data = SeedGenerator.Build(SeedSize.Small);
        Assert.Equal(Enumerable.Range(1, 9), data.Editions.Select(e => e.Number));
        Assert.Equal("Current", data.Editions[8].Status);
        foreach (var edition in data.Editions)
        {
            Assert.Equal(120, data.Exhibitors.Count(e => e.Edition == edition.Number));
            Assert.Equal(500, data.Buyers.Count(b => b.Edition == edition.Number));
            Assert.InRange(data.Delegations.Count(d => d.Edition == edition.Number && d.Parent is null), 3, 5);
            Assert.Equal(edition.IsPast, data.Meetings.Any(m => m.Edition == edition.Number));
            Assert.Equal(edition.IsPast, data.Deals.Any(d => d.Edition == edition.Number));
        }
        var leads = data.Users.Where(u => u.Roles.Contains("DelegationLead")).SelectMany(u => u.Delegations).ToList();
        Assert.All(data.Delegations.Where(d => d.Edition == 9 && d.Parent is null), d => Assert.Contains("9/" + d.Code, leads));
        Assert.All(data.Teams, t => Assert.Single(data.Users, u => u.LeadTeams.Contains(t.Code)));
    }

    [Fact]
    public void Small_seed_deals_keep_a_realistic_size_by_adding_up_to_their_share_of_the_reported_total()
    {
        var data = SeedGenerator.Build(SeedSize.Small);
        foreach (var edition in data.Editions.Where(e => e.IsPast))
        {
            var values = data.Deals.Where(d => d.Edition == edition.Number && d.IntendedValueUsd is not null).Select(d => d.IntendedValueUsd!.Value).ToList();
            var full = edition.ReportedIntendedDealValueUsdBn!.Value * 1_000_000_000m;
            Assert.InRange(values.Sum(), full / 60m, full / 20m); // 500 of 17,000–21,000 buyers
            Assert.All(values, v => Assert.InRange(v, 1_000m, 1_000_000_000m));
        }
    }

    [Fact]
    public void Reference_files_are_embedded_and_carry_real_editions()
    {
        var editions = System.Text.Encoding.UTF8.GetString(ReferenceFiles.Read("editions"));
        Assert.Contains("3,2020,2020-11-04,2020-11-10,Past,72.62,", editions, StringComparison.Ordinal);
        Assert.Contains("9,2026,2026-11-05,2026-11-10,Current,", editions, StringComparison.Ordinal);
        var districts = System.Text.Encoding.UTF8.GetString(ReferenceFiles.Read("districts"));
        Assert.Equal(17, districts.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
