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
        ["signing-events"] = "code,edition,name,name_zh,held_on,venue,recorded_on",
        ["meetings"] = "code,edition,exhibitor,buyer,team,starts_at,ends_at,place,table_code,status",
        ["deals"] = "code,edition,kind,exhibitor,buyer,team,stage,lost_reason,met_on,intended_value_usd,intent_signed_on,contract_value_usd,"
            + "contract_signed_on,landed_on,registered_capital_usd,capex_usd,jobs,start_of_works_on,signing_event,counterpart,registered_entity,district",
        ["contacts"] = "code,company,name,name_zh,job_title,email,phone,primary,notes",
        ["service-issues"] = "code,edition,company,raised_as,category,severity,title,description,owner,status,resolution,raised_at,resolved_at",
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
            Assert.Equal(17, hashesA.Count);
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
            foreach (var kind in new[] { "companies", "contacts", "exhibitors", "buyers", "meetings", "deals", "service-issues" })
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
                ["editions", "countries", "sectors", "areas", "categories", "districts", "companies", "contacts", "teams", "delegations", "users",
                 "exhibitors", "buyers", "signing-events", "meetings", "deals", "service-issues"],
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
    public void Service_issues_come_from_the_editions_exhibitors_and_buyers_and_their_status_fits_their_resolution_and_dates()
    {
        var data = SeedGenerator.Build(SeedSize.Small);
        var now = new DateTime(2026, 9, 30, 18, 0, 0); // the end of the as-of day
        var writers = data.Users.Where(u => !u.Roles.Contains("Viewer")).Select(u => u.UserName).ToHashSet();
        var exhibiting = data.Exhibitors.Select(e => (e.Edition, e.Company.Code)).ToHashSet();
        var buying = data.Buyers.Select(b => (b.Edition, b.Company.Code)).ToHashSet();

        Assert.Equal([7, 8, 9], data.ServiceIssues.Select(i => i.Edition).Distinct().Order());
        Assert.Equal(data.ServiceIssues.Count, data.ServiceIssues.Select(i => i.Code).Distinct().Count());
        foreach (var issue in data.ServiceIssues)
        {
            Assert.StartsWith($"SI{issue.Edition:00}-", issue.Code);
            Assert.Contains((issue.Edition, issue.Company.Code), issue.RaisedAs == "Exhibitor" ? exhibiting : buying);
            Assert.InRange(issue.Title.Length, 4, 200);
            Assert.True(issue.Owner is null || writers.Contains(issue.Owner), $"{issue.Code}: owner {issue.Owner} does not write");
            Assert.True(issue.RaisedAt <= now, issue.Code);
            var resolved = issue.Status is "Resolved" or "Closed";
            Assert.Equal(resolved, issue.Resolution is not null);
            Assert.Equal(resolved, issue.ResolvedAt is not null);
            if (resolved)
            {
                Assert.InRange(issue.ResolvedAt!.Value, issue.RaisedAt, now);
            }
            else
            {
                Assert.True(issue.Status == "Open" || issue.Owner is not null, $"{issue.Code}: in progress without an owner");
            }
        }
        // The 9th is in preparation: its issues are from the last six weeks and mostly still open; the past ones mostly settled.
        var current = data.ServiceIssues.Where(i => i.Edition == 9).ToList();
        Assert.All(current, i => Assert.True(i.RaisedAt >= now.AddDays(-43), i.Code));
        Assert.InRange(current.Count(i => i.Status is "Open" or "InProgress"), current.Count / 2 + 1, current.Count - 1);
        var past = data.ServiceIssues.Where(i => i.Edition < 9).ToList();
        Assert.InRange(past.Count(i => i.Status is "Open" or "InProgress"), 1, past.Count / 10);
    }

    [Fact]
    public void Every_company_of_the_current_edition_has_contacts_with_exactly_one_primary_and_foreign_exhibitors_a_representative_in_China()
    {
        var data = SeedGenerator.Build(SeedSize.Small);
        var current = data.Editions.Last(e => !e.IsPast).Number;
        var taking = data.Exhibitors.Where(e => e.Edition == current).Select(e => e.Company.Code)
            .Concat(data.Buyers.Where(b => b.Edition == current).Select(b => b.Company.Code)).ToHashSet();
        var byCompany = data.Contacts.GroupBy(c => c.Company.Code).ToDictionary(g => g.Key, g => g.ToList());

        Assert.Equal(taking.Order(StringComparer.Ordinal), byCompany.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(data.Contacts.Count, data.Contacts.Select(c => c.Code).Distinct().Count());
        Assert.All(byCompany.Values, people => Assert.Single(people, p => p.IsPrimary));
        Assert.All(data.Contacts.Where(c => c.Email is not null), c => Assert.Matches(@"^[a-z0-9.\-]+@[a-z0-9\-]+(\.[a-z0-9\-]+)+$", c.Email));
        foreach (var exhibitor in data.Exhibitors.Where(e => e.Edition == current && e.Company.Country.Language != "zh"))
        {
            var people = byCompany[exhibitor.Company.Code];
            Assert.Contains(people, p => p.NameZh is null);      // someone at the head office
            Assert.Contains(people, p => p.NameZh is not null);  // the representative in China
        }
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
    public void Signed_intents_name_their_counterpart_and_landed_projects_their_shanghai_entity_in_their_teams_district()
    {
        var data = SeedGenerator.Build(SeedSize.Small);
        var signed = data.Deals.Where(d => d.IntentSignedOn is not null).ToList();
        Assert.Contains(signed, d => d.Kind == "Investment" && d.LandedOn is not null);

        foreach (var d in data.Deals)
        {
            Assert.Equal(d.IntentSignedOn is not null, d.Counterpart is not null);
            Assert.Equal(d.LandedOn is not null, d.RegisteredEntity is not null);
            Assert.Equal(d.LandedOn is not null ? d.Team!.DistrictCode : null, d.DistrictCode);
        }
        Assert.All(signed.Where(d => d.Kind == "Procurement"), d => Assert.Equal(d.Buyer!.Company.NameZh, d.Counterpart));
        Assert.All(signed.Where(d => d.Kind == "Investment"), d => Assert.EndsWith("管理委员会", d.Counterpart));
        Assert.All(data.Deals.Where(d => d.RegisteredEntity is not null), d =>
        {
            Assert.EndsWith("（上海）有限公司", d.RegisteredEntity);
            Assert.False(d.RegisteredEntity!.StartsWith(d.Exhibitor.Company.Country.NameZh, StringComparison.Ordinal), d.RegisteredEntity);
            Assert.DoesNotContain("公司（上海）", d.RegisteredEntity);
            Assert.InRange(d.RegisteredEntity!.Length, 10, 200);
        });
        var zhangjiang = data.Teams.Single(t => t.Park == "张江科学城");
        Assert.Equal("张江科学城管理委员会", SeedBuilder.ParkCommittee(zhangjiang));
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
