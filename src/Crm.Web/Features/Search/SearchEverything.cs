using System.Linq.Expressions;
using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Search;

/// <summary>
/// The header's search: companies, exhibitors, buyers, the people at companies (contacts) and colleagues whose name, in
/// Chinese or in the original language (or a part of it), matches the term, and companies whose code starts with it.
/// Results come grouped by kind, each group with its total and its first hits: exact matches, then names (or codes)
/// starting with the term, then the rest, each by name. Buyers are as far as the user reaches (the row-level filter: a
/// delegation lead their delegations' buyers, a team member none); colleagues are the active users of the CRM with
/// their teams and the delegations they lead.
/// </summary>
public static class SearchEverything
{
    public const int MaxTermLength = 100;
    public const int MaxPerKind = 50;

    /// <summary>
    /// How many of the closest matching companies the exhibitor and buyer groups are drawn from. A term found in more
    /// names than this (a word of most legal names, such as 有限公司) still counts every matching company, but the
    /// participations are counted over these only, and their totals say "at least".
    /// </summary>
    public const int CompanyReach = 2000;

    public sealed record Query(string Term, int PerKind = 5) : IRequest<Results>;

    public sealed record Results(string Term, Group<CompanyHit> Companies, Group<ExhibitorHit> Exhibitors, Group<BuyerHit> Buyers,
        Group<ContactHit> Contacts, Group<PersonHit> People)
    {
        public bool IsEmpty => Companies.Total + Exhibitors.Total + Buyers.Total + Contacts.Total + People.Total == 0;
    }

    /// <param name="Total">How many match in all (or, when <paramref name="AtLeast"/>, at least); <paramref name="Hits"/> holds the first of them.</param>
    public sealed record Group<T>(int Total, IReadOnlyList<T> Hits, bool AtLeast = false);

    /// <summary>How a hit meets the term, best first.</summary>
    public enum Closeness { Exact, StartsWith, Contains }

    public sealed record CompanyHit(int Id, string Code, string Name, string NameZh, string CountryEn, string CountryZh, Closeness Closeness);

    public sealed record ExhibitorHit(int CompanyId, string Code, string Name, string NameZh, int Edition, bool IsCurrentEdition,
        string AreaEn, string AreaZh, string? Hall, string? Booth, Closeness Closeness);

    public sealed record BuyerHit(int CompanyId, string Code, string Name, string NameZh, int Edition, bool IsCurrentEdition,
        string Province, string City, string? Delegation, string? DelegationZh, Closeness Closeness);

    /// <summary>A person at a company, found by their name in either language; opens the company's record.</summary>
    public sealed record ContactHit(int CompanyId, string Code, string Name, string? NameZh, string? JobTitle, bool IsPrimary, string CompanyName,
        string CompanyNameZh, Closeness Closeness);

    public sealed record PersonHit(string UserName, string DisplayName, IReadOnlyList<TeamName> Teams, IReadOnlyList<DelegationName> Delegations,
        Closeness Closeness);

    public sealed record TeamName(string Name, string NameZh);

    public sealed record DelegationName(string Name, string NameZh, int Edition);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(IStringLocalizer<SearchText> text)
        {
            RuleFor(q => q.Term).Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage(_ => text["TermRequired"])
                .Must(t => t is null || t.Trim().Length <= MaxTermLength).WithMessage(_ => text["TermTooLong", MaxTermLength]);
            RuleFor(q => q.PerKind).InclusiveBetween(1, MaxPerKind).WithMessage(_ => text["PerKindOutOfRange", MaxPerKind]);
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, Results>
    {
        public async Task<Results> Handle(Query request, CancellationToken cancellationToken)
        {
            var term = request.Term.Trim();
            var take = request.PerKind;
            var p = new Patterns(term);
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var current = await db.Editions.AsNoTracking().Where(e => e.Status == EditionStatus.Current).Select(e => e.Id).FirstOrDefaultAsync(cancellationToken);

            // LIKE '%…%' can use no index: the directory is scanned once for the closest companies (closeness, then name:
            // SQLite keeps only the first ones while it scans), and once more for the total only when there are more than
            // these. Their participations are counted by the participations' indexes (buyers within the user's reach, the
            // context's row-level filter): the totals are sums, and the hits are read by the keys of the first few only.
            var matching = db.Companies.AsNoTracking().Where(p.Company());
            var closest = await matching
                .Select(c => new
                {
                    c.Id,
                    c.Name,
                    Closeness = EF.Functions.Like(c.Name, p.Exact, Like.EscapeCharacter) || EF.Functions.Like(c.NameZh, p.Exact, Like.EscapeCharacter)
                                || EF.Functions.Like(c.Code, p.Exact, Like.EscapeCharacter) ? Closeness.Exact
                        : EF.Functions.Like(c.Name, p.StartsWith, Like.EscapeCharacter) || EF.Functions.Like(c.NameZh, p.StartsWith, Like.EscapeCharacter)
                                || EF.Functions.Like(c.Code, p.StartsWith, Like.EscapeCharacter) ? Closeness.StartsWith
                        : Closeness.Contains,
                })
                .OrderBy(c => c.Closeness).ThenBy(c => c.Name).ThenBy(c => c.Id)
                .Take(CompanyReach + 1)
                .ToListAsync(cancellationToken);
            var beyondReach = closest.Count > CompanyReach;
            var companyTotal = beyondReach ? await matching.CountAsync(cancellationToken) : closest.Count;
            var reachedIds = closest.Take(CompanyReach).Select(c => c.Id).ToList();
            var participation = await db.Companies.AsNoTracking().Where(c => reachedIds.Contains(c.Id))
                .Select(c => new
                {
                    c.Id,
                    Exhibited = db.Exhibitors.Count(e => e.CompanyId == c.Id),
                    ExhibitsNow = db.Exhibitors.Any(e => e.EditionId == current && e.CompanyId == c.Id),
                    Bought = db.Buyers.Count(b => b.CompanyId == c.Id),
                    BuysNow = db.Buyers.Any(b => b.EditionId == current && b.CompanyId == c.Id),
                })
                .ToDictionaryAsync(c => c.Id, cancellationToken);
            var matches = closest.Take(CompanyReach).Select(c => new Match
            {
                Id = c.Id, Name = c.Name, Closeness = c.Closeness,
                Exhibited = participation[c.Id].Exhibited, ExhibitsNow = participation[c.Id].ExhibitsNow,
                Bought = participation[c.Id].Bought, BuysNow = participation[c.Id].BuysNow,
            }).ToList();
            // Closest first, then by name (ordinal: SQLite's order of names).
            var tiers = matches.OrderBy(m => m.Closeness).ThenBy(m => m.Name, StringComparer.Ordinal).ThenBy(m => m.Id)
                .GroupBy(m => m.Closeness).Select(g => g.ToList()).ToList();

            var first = tiers.SelectMany(t => t).Take(take).ToList();
            var firstIds = first.Select(m => m.Id).ToList();
            var companyRows = await db.Companies.AsNoTracking().Where(c => firstIds.Contains(c.Id))
                .Select(c => new { c.Id, c.Code, c.Name, c.NameZh, CountryEn = c.Country!.NameEn, CountryZh = c.Country.NameZh })
                .ToListAsync(cancellationToken);
            var companies = first.Select(m => companyRows.Single(c => c.Id == m.Id))
                .Select((c, i) => new CompanyHit(c.Id, c.Code, c.Name, c.NameZh, c.CountryEn, c.CountryZh, first[i].Closeness)).ToList();

            var exhibitors = db.Exhibitors.AsNoTracking();
            var exhibitorHits = await ParticipationsAsync(tiers, take, m => m.ExhibitsNow, m => m.Exhibited, h => h.CompanyId,
                (ids, closeness) => exhibitors.Where(e => e.EditionId == current && ids.Contains(e.CompanyId))
                    .Select(e => new ExhibitorHit(e.CompanyId, e.Company!.Code, e.Company.Name, e.Company.NameZh, e.Edition!.Number, true,
                        e.Area!.NameEn, e.Area.NameZh, e.Hall, e.Booth, closeness))
                    .ToListAsync(cancellationToken),
                (ids, closeness, n) => exhibitors.Where(e => e.EditionId != current && ids.Contains(e.CompanyId))
                    .OrderBy(e => e.Company!.Name).ThenByDescending(e => e.Edition!.Number).ThenBy(e => e.Company!.Code).Take(n)
                    .Select(e => new ExhibitorHit(e.CompanyId, e.Company!.Code, e.Company.Name, e.Company.NameZh, e.Edition!.Number, false,
                        e.Area!.NameEn, e.Area.NameZh, e.Hall, e.Booth, closeness))
                    .ToListAsync(cancellationToken));

            // Row-level access is in the context: only the buyers this user reaches are here at all.
            var buyers = db.Buyers.AsNoTracking();
            var buyerHits = await ParticipationsAsync(tiers, take, m => m.BuysNow, m => m.Bought, h => h.CompanyId,
                (ids, closeness) => buyers.Where(b => b.EditionId == current && ids.Contains(b.CompanyId))
                    .Select(b => new BuyerHit(b.CompanyId, b.Company!.Code, b.Company.Name, b.Company.NameZh, b.Edition!.Number, true,
                        b.Province, b.City, b.Delegation!.Name, b.Delegation.NameZh, closeness))
                    .ToListAsync(cancellationToken),
                (ids, closeness, n) => buyers.Where(b => b.EditionId != current && ids.Contains(b.CompanyId))
                    .OrderBy(b => b.Company!.Name).ThenByDescending(b => b.Edition!.Number).ThenBy(b => b.Company!.Code).Take(n)
                    .Select(b => new BuyerHit(b.CompanyId, b.Company!.Code, b.Company.Name, b.Company.NameZh, b.Edition!.Number, false,
                        b.Province, b.City, b.Delegation!.Name, b.Delegation.NameZh, closeness))
                    .ToListAsync(cancellationToken));

            var contacts = await ContactsAsync(db, p, take, cancellationToken);
            var people = await PeopleAsync(db, p, take, cancellationToken);
            return new Results(term,
                new Group<CompanyHit>(companyTotal, companies),
                new Group<ExhibitorHit>(matches.Sum(m => m.Exhibited), exhibitorHits, beyondReach),
                new Group<BuyerHit>(matches.Sum(m => m.Bought), buyerHits, beyondReach),
                contacts,
                people);
        }

        /// <summary>
        /// The first <paramref name="take"/> participations of the matching companies: tier by tier (closest first), the
        /// current edition's (one per company, by name) before the earlier ones (by name, newest first). Only the companies
        /// that can fill the missing hits are read.
        /// </summary>
        private static async Task<List<T>> ParticipationsAsync<T>(List<List<Match>> tiers, int take, Func<Match, bool> now, Func<Match, int> count,
            Func<T, int> companyOf, Func<List<int>, Closeness, Task<List<T>>> readNow, Func<List<int>, Closeness, int, Task<List<T>>> readEarlier)
        {
            var hits = new List<T>();
            foreach (var tier in tiers)
            {
                if (hits.Count >= take)
                {
                    break;
                }
                var closeness = tier[0].Closeness;
                var nowIds = tier.Where(now).Take(take - hits.Count).Select(m => m.Id).ToList();
                if (nowIds.Count > 0)
                {
                    var read = await readNow(nowIds, closeness);
                    hits.AddRange(read.OrderBy(h => nowIds.IndexOf(companyOf(h))));
                }
                var missing = take - hits.Count;
                if (missing > 0)
                {
                    // Companies in name order until their earlier participations can fill what is missing.
                    var earlierIds = new List<int>();
                    var earlier = 0;
                    foreach (var match in tier.Where(m => count(m) > (now(m) ? 1 : 0)))
                    {
                        earlierIds.Add(match.Id);
                        earlier += count(match) - (now(match) ? 1 : 0);
                        if (earlier >= missing)
                        {
                            break;
                        }
                    }
                    if (earlierIds.Count > 0)
                    {
                        hits.AddRange(await readEarlier(earlierIds, closeness, missing));
                    }
                }
            }
            return hits;
        }

        /// <summary>The people at companies by their name in either language, with their company.</summary>
        private static async Task<Group<ContactHit>> ContactsAsync(CrmDbContext db, Patterns p, int take, CancellationToken ct)
        {
            var matching = db.Contacts.AsNoTracking().Where(c => EF.Functions.Like(c.Name, p.Contains, Like.EscapeCharacter)
                || EF.Functions.Like(c.NameZh!, p.Contains, Like.EscapeCharacter));
            var total = await matching.CountAsync(ct);
            var hits = await matching
                .Select(c => new
                {
                    c.CompanyId, c.Code, c.Name, c.NameZh, c.JobTitle, c.IsPrimary, CompanyName = c.Company!.Name, CompanyNameZh = c.Company.NameZh,
                    Closeness = EF.Functions.Like(c.Name, p.Exact, Like.EscapeCharacter) || EF.Functions.Like(c.NameZh!, p.Exact, Like.EscapeCharacter)
                        ? Closeness.Exact
                        : EF.Functions.Like(c.Name, p.StartsWith, Like.EscapeCharacter) || EF.Functions.Like(c.NameZh!, p.StartsWith, Like.EscapeCharacter)
                            ? Closeness.StartsWith
                            : Closeness.Contains,
                })
                .OrderBy(c => c.Closeness).ThenBy(c => c.Name).ThenBy(c => c.Code)
                .Take(take)
                .ToListAsync(ct);
            return new Group<ContactHit>(total, hits.Select(c => new ContactHit(c.CompanyId, c.Code, c.Name, c.NameZh, c.JobTitle, c.IsPrimary,
                c.CompanyName, c.CompanyNameZh, c.Closeness)).ToList());
        }

        /// <summary>Active users by display name or user name, with their teams and the delegations they lead (newest edition first).</summary>
        private static async Task<Group<PersonHit>> PeopleAsync(CrmDbContext db, Patterns p, int take, CancellationToken ct)
        {
            var matching = db.Users.AsNoTracking().Where(u => u.IsActive
                && (EF.Functions.Like(u.DisplayName, p.Contains, Like.EscapeCharacter) || EF.Functions.Like(u.UserName!, p.Contains, Like.EscapeCharacter)));
            var total = await matching.CountAsync(ct);
            var people = await matching
                .Select(u => new
                {
                    u.Id, u.UserName, u.DisplayName,
                    Rank = EF.Functions.Like(u.DisplayName, p.Exact, Like.EscapeCharacter) || EF.Functions.Like(u.UserName!, p.Exact, Like.EscapeCharacter) ? 0
                        : EF.Functions.Like(u.DisplayName, p.StartsWith, Like.EscapeCharacter) || EF.Functions.Like(u.UserName!, p.StartsWith, Like.EscapeCharacter) ? 1
                        : 2,
                })
                .OrderBy(u => u.Rank).ThenBy(u => u.DisplayName).ThenBy(u => u.UserName)
                .Take(take)
                .ToListAsync(ct);
            var ids = people.Select(u => u.Id).ToList();
            var teams = await db.PromotionTeamMembers.AsNoTracking().Where(m => ids.Contains(m.UserId))
                .OrderBy(m => m.Team!.Code)
                .Select(m => new { m.UserId, Team = new TeamName(m.Team!.Name, m.Team.NameZh) })
                .ToListAsync(ct);
            var delegations = await db.TradeDelegationLeads.AsNoTracking().Where(l => ids.Contains(l.UserId))
                .OrderByDescending(l => l.Delegation!.Edition!.Number).ThenBy(l => l.Delegation!.Code)
                .Select(l => new { l.UserId, Delegation = new DelegationName(l.Delegation!.Name, l.Delegation.NameZh, l.Delegation.Edition!.Number) })
                .ToListAsync(ct);
            var hits = people.Select(u => new PersonHit(u.UserName ?? "", u.DisplayName,
                    teams.Where(t => t.UserId == u.Id).Select(t => t.Team).ToList(),
                    delegations.Where(d => d.UserId == u.Id).Select(d => d.Delegation).ToList(),
                    (Closeness)u.Rank))
                .ToList();
            return new Group<PersonHit>(total, hits);
        }
    }

    /// <summary>A matching company: how close it is to the term, and how often it took part (buying: as far as the user reaches).</summary>
    private sealed class Match
    {
        public int Id { get; init; }
        public string Name { get; init; } = "";
        public Closeness Closeness { get; init; }
        public int Exhibited { get; init; }
        public bool ExhibitsNow { get; init; }
        public int Bought { get; init; }
        public bool BuysNow { get; init; }
    }

    /// <summary>The term as LIKE patterns, its wildcards escaped: equal to it (any case), starting with it, containing it.</summary>
    private sealed class Patterns(string term)
    {
        public string Exact { get; } = Like.Escape(term);
        public string StartsWith { get; } = Like.Escape(term) + "%";
        public string Contains { get; } = "%" + Like.Escape(term) + "%";

        /// <summary>A part of the name in either language, or the start of the code.</summary>
        public Expression<Func<Company, bool>> Company() => c =>
            EF.Functions.Like(c.Name, Contains, Like.EscapeCharacter)
            || EF.Functions.Like(c.NameZh, Contains, Like.EscapeCharacter)
            || EF.Functions.Like(c.Code, StartsWith, Like.EscapeCharacter);
    }
}
