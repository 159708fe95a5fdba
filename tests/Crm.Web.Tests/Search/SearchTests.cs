using System.Globalization;
using Crm.Data.Entities;
using Crm.Web.Features.Search;
using Crm.Web.Infrastructure;
using Crm.Web.Tests.Access;
using Microsoft.EntityFrameworkCore;
using static Crm.Web.Features.Search.SearchEverything;

namespace Crm.Web.Tests.Search;

/// <summary>
/// The header's search over the small seed in SQLite, sent through the mediator as each role: what it finds (Chinese,
/// English, parts, codes), in which order, within whose reach, and what it refuses. Expectations are worked out here
/// from the seed's own rows, not from the handler's queries.
/// </summary>
[Collection(SeededCrmCollection.Name)]
public sealed class SearchTests(SeededCrm crm)
{
    private sealed record Entry(int Id, string Code, string Name, string NameZh);

    [Fact]
    public async Task A_part_of_a_Chinese_name_finds_the_company_and_counts_every_match()
    {
        var companies = await CompaniesAsync();
        // Three characters from the middle of a Chinese name that few other names hold.
        var (company, term) = companies.Where(c => c.NameZh.Length >= 8)
            .Select(c => (Company: c, Term: c.NameZh.Substring(c.NameZh.Length / 2 - 1, 3)))
            .First(x => Matching(companies, x.Term).Count() is > 1 and <= 5);

        var results = await crm.SendAs(crm.Manager, new Query(term));

        Assert.Equal(Matching(companies, term).Count(), results.Companies.Total);
        Assert.Contains(results.Companies.Hits, h => h.Id == company.Id);
        Assert.All(results.Companies.Hits, h => Assert.Contains(term, h.NameZh, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_part_of_an_English_name_finds_the_company_whatever_the_case()
    {
        var companies = await CompaniesAsync();
        var company = companies.First(c => c.Name != c.NameZh && c.Name.Split(' ')[0].Length >= 5 && c.Name.Split(' ')[0].All(char.IsAsciiLetter));
        var word = company.Name.Split(' ')[0];
        var part = word[1..^1];

        var lower = await crm.SendAs(crm.Manager, new Query(part.ToLowerInvariant(), PerKind: MaxPerKind));
        var upper = await crm.SendAs(crm.Manager, new Query("  " + part.ToUpperInvariant() + " ", PerKind: MaxPerKind));

        Assert.Equal(Matching(companies, part).Count(), lower.Companies.Total);
        Assert.Equal(lower.Companies.Hits.Select(h => h.Id), upper.Companies.Hits.Select(h => h.Id));
        Assert.Equal(part.ToUpperInvariant(), upper.Term);
        var expected = Ordered(companies, part).Take(MaxPerKind).Select(c => c.Id).ToList();
        Assert.Equal(expected, lower.Companies.Hits.Select(h => h.Id));
        Assert.Contains(company.Id, Matching(companies, part).Select(c => c.Id));
    }

    [Fact]
    public async Task Exact_and_leading_matches_come_before_names_that_only_contain_the_term_then_by_name()
    {
        var companies = await CompaniesAsync();
        // A start of Chinese names (e.g. a city and a brand) that other names hold further in (e.g. after a group's name),
        // those coming first by name alone: ordering by name only would put them first.
        var term = companies.Where(c => c.NameZh.Length > 3).Select(c => c.NameZh[..3]).Distinct().Order(StringComparer.Ordinal)
            .First(t =>
            {
                var starting = Matching(companies, t).Where(c => CloseTo(c, t) != SearchEverything.Closeness.Contains).ToList();
                var containing = Matching(companies, t).Where(c => CloseTo(c, t) == SearchEverything.Closeness.Contains).ToList();
                return starting.Count is > 0 and < MaxPerKind && containing.Count > 0
                    && string.CompareOrdinal(containing.Select(c => c.Name).Min(StringComparer.Ordinal), starting.Select(c => c.Name).Min(StringComparer.Ordinal)) < 0;
            });

        var results = await crm.SendAs(crm.Manager, new Query(term, PerKind: MaxPerKind));

        Assert.Equal(Ordered(companies, term).Take(MaxPerKind).Select(c => c.Id), results.Companies.Hits.Select(h => h.Id));
        Assert.NotEqual(SearchEverything.Closeness.Contains, results.Companies.Hits[0].Closeness);
        Assert.Contains(results.Companies.Hits, h => h.Closeness == SearchEverything.Closeness.Contains);
    }

    [Fact]
    public async Task A_company_code_in_any_case_finds_that_company_first_as_an_exact_match()
    {
        var companies = await CompaniesAsync();
        var company = companies.OrderBy(c => c.Id).Skip(42).First();

        var results = await crm.SendAs(crm.Manager, new Query(company.Code.ToLowerInvariant()));

        var first = results.Companies.Hits[0];
        Assert.Equal((company.Id, SearchEverything.Closeness.Exact), (first.Id, first.Closeness));
    }

    [Fact]
    public async Task Exhibitors_are_the_matching_companies_participations_the_current_edition_first()
    {
        await using var db = crm.Database.CreateDbContext();
        var companies = await CompaniesAsync();
        var exhibited = await db.Exhibitors.Select(e => new { e.CompanyId, e.Edition!.Number, Current = e.Edition.Status == EditionStatus.Current }).ToListAsync();
        // A word of a foreign exhibitor's name that exhibitors of the current and of earlier editions share.
        var term = companies.Where(c => c.Name != c.NameZh).SelectMany(c => c.Name.Split(' ')).Where(w => w.Length >= 4).Distinct()
            .First(w =>
            {
                var ids = Matching(companies, w).Select(c => c.Id).ToHashSet();
                var theirs = exhibited.Where(e => ids.Contains(e.CompanyId)).ToList();
                return theirs.Count(e => e.Current) is > 0 and < 5 && theirs.Count(e => !e.Current) > 5;
            });
        var matching = Matching(companies, term).Select(c => c.Id).ToHashSet();

        var results = await crm.SendAs(crm.Manager, new Query(term, PerKind: 10));

        Assert.Equal(exhibited.Count(e => matching.Contains(e.CompanyId)), results.Exhibitors.Total);
        Assert.Equal(10, results.Exhibitors.Hits.Count);
        var current = exhibited.Count(e => e.Current && matching.Contains(e.CompanyId));
        Assert.All(results.Exhibitors.Hits.Take(current), h => Assert.True(h.IsCurrentEdition));
        Assert.All(results.Exhibitors.Hits.Skip(current), h => Assert.False(h.IsCurrentEdition));
        Assert.All(results.Exhibitors.Hits, h => Assert.Contains(h.CompanyId, matching));
    }

    [Fact]
    public async Task A_delegation_lead_finds_only_their_delegations_buyers_a_team_member_none_a_manager_all()
    {
        await using var db = crm.Database.CreateDbContext();
        var companies = await CompaniesAsync();
        var buyers = await db.Buyers.Select(b => new { b.CompanyId, b.DelegationId, b.Edition!.Number }).ToListAsync();
        var theirs = buyers.Where(b => b.DelegationId is { } d && crm.DelegationLead.DelegationIds.Contains(d)).Select(b => b.CompanyId).ToHashSet();
        // Two characters of the name of one of the lead's buyers that buyers outside their delegations share.
        var term = companies.Where(c => theirs.Contains(c.Id)).Select(c => c.NameZh.Substring(c.NameZh.Length / 2, 2)).Distinct()
            .First(t =>
            {
                var ids = Matching(companies, t).Select(c => c.Id).ToHashSet();
                return buyers.Count(b => ids.Contains(b.CompanyId)) > buyers.Count(b => ids.Contains(b.CompanyId) && theirs.Contains(b.CompanyId));
            });
        var matching = Matching(companies, term).Select(c => c.Id).ToHashSet();
        bool Reached(int companyId, int edition) => buyers.Any(b => b.CompanyId == companyId && b.Number == edition
            && b.DelegationId is { } d && crm.DelegationLead.DelegationIds.Contains(d));

        var lead = await crm.SendAs(crm.DelegationLead, new Query(term, PerKind: MaxPerKind));
        var member = await crm.SendAs(crm.TeamMember, new Query(term));
        var manager = await crm.SendAs(crm.Manager, new Query(term));

        Assert.Equal(buyers.Count(b => matching.Contains(b.CompanyId) && b.DelegationId is { } d && crm.DelegationLead.DelegationIds.Contains(d)),
            lead.Buyers.Total);
        Assert.InRange(lead.Buyers.Total, 1, manager.Buyers.Total - 1);
        Assert.All(lead.Buyers.Hits, h => Assert.True(Reached(h.CompanyId, h.Edition), $"{h.Code} in edition {h.Edition} is not theirs"));
        Assert.Equal(buyers.Count(b => matching.Contains(b.CompanyId)), manager.Buyers.Total);
        Assert.Equal((0, 0), (member.Buyers.Total, member.Buyers.Hits.Count));
        Assert.Equal(manager.Companies.Total, member.Companies.Total); // the directory itself is everyone's
    }

    [Fact]
    public async Task People_are_found_by_a_part_of_their_name_with_their_teams_and_inactive_users_are_not()
    {
        await using var db = crm.Database.CreateDbContext();
        var member = await db.Users.Where(u => u.Id == crm.TeamMember.Id).Select(u => new { u.UserName, u.DisplayName }).SingleAsync();
        var team = await db.PromotionTeams.Where(t => crm.TeamMember.TeamIds.Contains(t.Id)).Select(t => t.NameZh).SingleAsync();
        await crm.Database.AddUserAsync("search.gone", Roles.Viewer, isActive: false);

        var byName = await crm.SendAs(crm.Manager, new Query(member.DisplayName[1..], PerKind: MaxPerKind));
        var byUserName = await crm.SendAs(crm.TeamMember, new Query(member.UserName!.ToUpperInvariant()));
        var gone = await crm.SendAs(crm.Manager, new Query("search.gone"));

        var found = Assert.Single(byName.People.Hits, p => p.UserName == member.UserName);
        Assert.Contains(found.Teams, t => t.NameZh == team);
        Assert.Equal(SearchEverything.Closeness.Exact, byUserName.People.Hits[0].Closeness);
        Assert.Equal(member.UserName, byUserName.People.Hits[0].UserName);
        Assert.Equal(0, gone.People.Total);
    }

    [Fact]
    public async Task People_at_companies_are_found_by_a_part_of_their_Chinese_or_written_name_with_their_company()
    {
        await using var db = crm.Database.CreateDbContext();
        var contacts = await db.Contacts.Select(c => new { c.CompanyId, c.Code, c.Name, c.NameZh, CompanyNameZh = c.Company!.NameZh }).ToListAsync();
        var person = contacts.First(c => c.NameZh is { Length: 3 });
        var given = person.NameZh![1..];
        var written = person.Name.Split(' ')[1].ToUpperInvariant();

        var byChinese = await crm.SendAs(crm.Viewer, new Query(given, PerKind: MaxPerKind));
        var byWritten = await crm.SendAs(crm.Viewer, new Query(written, PerKind: MaxPerKind));

        Assert.Equal(contacts.Count(c => c.Name.Contains(given, StringComparison.Ordinal) || (c.NameZh ?? "").Contains(given, StringComparison.Ordinal)),
            byChinese.Contacts.Total);
        var hit = Assert.Single(byChinese.Contacts.Hits, h => h.Code == person.Code);
        Assert.Equal((person.CompanyId, person.CompanyNameZh), (hit.CompanyId, hit.CompanyNameZh));
        Assert.Contains(byWritten.Contacts.Hits, h => h.Code == person.Code || h.Name.Contains(written, StringComparison.OrdinalIgnoreCase));
        Assert.All(byWritten.Contacts.Hits, h => Assert.Contains(written, h.Name + " " + h.NameZh, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_term_in_more_names_than_the_search_reaches_counts_every_company_and_says_its_participation_totals_are_lower_bounds()
    {
        var companies = await CompaniesAsync();
        const string term = "有限公司";
        var matching = Matching(companies, term).ToList();
        Assert.True(matching.Count > CompanyReach, $"the small seed has {matching.Count} companies with {term}; the test needs more than {CompanyReach}");

        var results = await crm.SendAs(crm.Manager, new Query(term, PerKind: MaxPerKind));

        Assert.Equal(matching.Count, results.Companies.Total);
        Assert.False(results.Companies.AtLeast);
        Assert.True(results.Exhibitors.AtLeast && results.Buyers.AtLeast);
        await using var db = crm.Database.CreateDbContext();
        var ids = matching.Select(c => c.Id).ToHashSet();
        var buyers = await db.Buyers.Select(b => b.CompanyId).ToListAsync();
        Assert.InRange(results.Buyers.Total, results.Buyers.Hits.Count, buyers.Count(ids.Contains));
        // The hits are still the closest companies, by name.
        Assert.Equal(Ordered(companies, term).Take(MaxPerKind).Select(c => c.Id), results.Companies.Hits.Select(h => h.Id));
    }

    [Theory]
    [InlineData("%")]
    [InlineData("_")]
    [InlineData("a_b")]
    [InlineData("o%a")]
    public async Task Wildcards_in_the_term_are_taken_literally(string term)
    {
        var companies = await CompaniesAsync();
        // Read as a pattern, each of these would match names of the seed: the test can tell the difference.
        var asPattern = new System.Text.RegularExpressions.Regex(
            System.Text.RegularExpressions.Regex.Escape(term).Replace("%", ".*").Replace("_", "."), System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        Assert.Contains(companies, c => asPattern.IsMatch(c.Name));

        var results = await crm.SendAs(crm.Manager, new Query(term));

        Assert.Equal(Matching(companies, term).Count(), results.Companies.Total);
        Assert.Equal(0, results.Companies.Total + results.People.Total);
        Assert.True(results.IsEmpty);
    }

    [Theory]
    [InlineData("zh-CN", "", "请输入搜索内容。")]
    [InlineData("en", "   ", "Type something to search for.")]
    public async Task An_empty_term_is_refused_in_the_users_language(string culture, string term, string message)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.Manager, new Query(term)));

        Assert.Equal(message, Assert.Single(refused.Failures).ErrorMessage);
    }

    [Fact]
    public async Task A_term_longer_than_a_hundred_characters_is_refused()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.Manager, new Query(new string('华', MaxTermLength + 1))));

        Assert.Equal("搜索内容最多 100 个字符。", Assert.Single(refused.Failures).ErrorMessage);
        Assert.Equal(0, (await crm.SendAs(crm.Manager, new Query(new string('华', MaxTermLength)))).Companies.Total);
    }

    private async Task<List<Entry>> CompaniesAsync()
    {
        await using var db = crm.Database.CreateDbContext();
        return await db.Companies.Select(c => new Entry(c.Id, c.Code, c.Name, c.NameZh)).ToListAsync();
    }

    /// <summary>What the search promises, worked out in memory: a part of either name, or the start of the code, in any case.</summary>
    private static IEnumerable<Entry> Matching(IEnumerable<Entry> companies, string term) => companies.Where(c =>
        c.Name.Contains(term, StringComparison.OrdinalIgnoreCase) || c.NameZh.Contains(term, StringComparison.OrdinalIgnoreCase)
        || c.Code.StartsWith(term, StringComparison.OrdinalIgnoreCase));

    private static SearchEverything.Closeness CloseTo(Entry c, string term) =>
        new[] { c.Name, c.NameZh, c.Code }.Any(n => n.Equals(term, StringComparison.OrdinalIgnoreCase)) ? SearchEverything.Closeness.Exact
        : new[] { c.Name, c.NameZh, c.Code }.Any(n => n.StartsWith(term, StringComparison.OrdinalIgnoreCase)) ? SearchEverything.Closeness.StartsWith
        : SearchEverything.Closeness.Contains;

    private static IEnumerable<Entry> Ordered(IEnumerable<Entry> companies, string term) =>
        Matching(companies, term).OrderBy(c => CloseTo(c, term)).ThenBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Code, StringComparer.Ordinal);
}
