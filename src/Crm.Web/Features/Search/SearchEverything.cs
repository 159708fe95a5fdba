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
/// The header's search: companies, exhibitors, buyers and people whose name, in Chinese or in the original language (or a
/// part of it), matches the term, and companies whose code starts with it. Results come grouped by kind, each group
/// with its total and its first hits: exact matches, then names (or codes) starting with the term, then the rest, each
/// by name. Buyers are as far as the user reaches (the row-level filter: a delegation lead their delegations' buyers,
/// a team member none); people are the active users of the CRM with their teams and the delegations they lead.
/// </summary>
public static class SearchEverything
{
    public const int MaxTermLength = 100;
    public const int MaxPerKind = 50;

    public sealed record Query(string Term, int PerKind = 5) : IRequest<Results>;

    public sealed record Results(string Term, Group<CompanyHit> Companies, Group<ExhibitorHit> Exhibitors, Group<BuyerHit> Buyers, Group<PersonHit> People)
    {
        public bool IsEmpty => Companies.Total + Exhibitors.Total + Buyers.Total + People.Total == 0;
    }

    /// <param name="Total">How many match in all; <paramref name="Hits"/> holds the first of them.</param>
    public sealed record Group<T>(int Total, IReadOnlyList<T> Hits);

    /// <summary>How a hit meets the term, best first.</summary>
    public enum Closeness { Exact, StartsWith, Contains }

    public sealed record CompanyHit(int Id, string Code, string Name, string NameZh, string CountryEn, string CountryZh, Closeness Closeness);

    public sealed record ExhibitorHit(int CompanyId, string Code, string Name, string NameZh, int Edition, bool IsCurrentEdition,
        string AreaEn, string AreaZh, string? Hall, string? Booth, Closeness Closeness);

    public sealed record BuyerHit(int CompanyId, string Code, string Name, string NameZh, int Edition, bool IsCurrentEdition,
        string Province, string City, string? Delegation, string? DelegationZh, Closeness Closeness);

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
            var patterns = new Patterns(term);
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);

            // LIKE '%…%' can use no index: the directory is scanned once, each matching company noted with how close it is.
            // Every group then starts from those keys (primary key, the participations' CompanyId and (EditionId, CompanyId)
            // indexes), closest first, so no other query scans or compares names again.
            var matches = await db.Companies.AsNoTracking().Where(patterns.Company()).Select(patterns.Closeness()).ToListAsync(cancellationToken);
            var closest = matches.GroupBy(m => m.Closeness).OrderBy(g => g.Key).Select(g => new Tier(g.Key, g.Select(m => m.Id).ToList())).ToList();
            var all = matches.Select(m => m.Id).ToList();
            var current = await db.Editions.AsNoTracking().Where(e => e.Status == EditionStatus.Current).Select(e => e.Id).FirstOrDefaultAsync(cancellationToken);

            var companies = new Group<CompanyHit>(all.Count, await FirstAsync(closest, take, (tier, left) =>
                db.Companies.AsNoTracking().Where(c => tier.Ids.Contains(c.Id))
                    .OrderBy(c => c.Name).ThenBy(c => c.Code).Take(left)
                    .Select(c => new CompanyHit(c.Id, c.Code, c.Name, c.NameZh, c.Country!.NameEn, c.Country.NameZh, tier.Closeness))
                    .ToListAsync(cancellationToken)));

            var exhibitors = db.Exhibitors.AsNoTracking();
            var exhibitorHits = await FirstAsync(closest, take, (tier, left) => CurrentFirstAsync(current, left, (inCurrent, n) =>
                (inCurrent ? exhibitors.Where(e => e.EditionId == current) : exhibitors.Where(e => e.EditionId != current))
                    .Where(e => tier.Ids.Contains(e.CompanyId))
                    .OrderBy(e => e.Company!.Name).ThenByDescending(e => e.Edition!.Number).ThenBy(e => e.Company!.Code).Take(n)
                    .Select(e => new ExhibitorHit(e.CompanyId, e.Company!.Code, e.Company.Name, e.Company.NameZh, e.Edition!.Number, inCurrent,
                        e.Area!.NameEn, e.Area.NameZh, e.Hall, e.Booth, tier.Closeness))
                    .ToListAsync(cancellationToken)));
            var exhibitorTotal = all.Count == 0 ? 0 : await exhibitors.CountAsync(e => all.Contains(e.CompanyId), cancellationToken);

            // Row-level access is in the context: only the buyers this user reaches are here at all.
            var buyers = db.Buyers.AsNoTracking();
            var buyerHits = await FirstAsync(closest, take, (tier, left) => CurrentFirstAsync(current, left, (inCurrent, n) =>
                (inCurrent ? buyers.Where(b => b.EditionId == current) : buyers.Where(b => b.EditionId != current))
                    .Where(b => tier.Ids.Contains(b.CompanyId))
                    .OrderBy(b => b.Company!.Name).ThenByDescending(b => b.Edition!.Number).ThenBy(b => b.Company!.Code).Take(n)
                    .Select(b => new BuyerHit(b.CompanyId, b.Company!.Code, b.Company.Name, b.Company.NameZh, b.Edition!.Number, inCurrent,
                        b.Province, b.City, b.Delegation!.Name, b.Delegation.NameZh, tier.Closeness))
                    .ToListAsync(cancellationToken)));
            var buyerTotal = all.Count == 0 ? 0 : await buyers.CountAsync(b => all.Contains(b.CompanyId), cancellationToken);

            var people = await PeopleAsync(db, patterns, take, cancellationToken);
            return new Results(term, companies, new Group<ExhibitorHit>(exhibitorTotal, exhibitorHits), new Group<BuyerHit>(buyerTotal, buyerHits), people);
        }

        /// <summary>The first <paramref name="take"/> hits, the closest tier first: a tier is read only while hits are missing.</summary>
        private static async Task<List<T>> FirstAsync<T>(IEnumerable<Tier> tiers, int take, Func<Tier, int, Task<List<T>>> read)
        {
            var hits = new List<T>();
            foreach (var tier in tiers)
            {
                if (hits.Count >= take)
                {
                    break;
                }
                hits.AddRange(await read(tier, take - hits.Count));
            }
            return hits;
        }

        /// <summary>Participations in the current edition first, then the earlier ones (newest first) while hits are missing.</summary>
        private static async Task<List<T>> CurrentFirstAsync<T>(int current, int take, Func<bool, int, Task<List<T>>> read)
        {
            var hits = current == 0 ? [] : await read(true, take);
            if (hits.Count < take)
            {
                hits.AddRange(await read(false, take - hits.Count));
            }
            return hits;
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

    /// <summary>The matching companies of one closeness.</summary>
    private sealed record Tier(Closeness Closeness, List<int> Ids);

    private sealed class Match
    {
        public int Id { get; init; }
        public Closeness Closeness { get; init; }
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

        /// <summary>How close a matching company is: its name (either) or code equal to the term, starting with it, or containing it.</summary>
        public Expression<Func<Company, Match>> Closeness() => c => new Match
        {
            Id = c.Id,
            Closeness = EF.Functions.Like(c.Name, Exact, Like.EscapeCharacter) || EF.Functions.Like(c.NameZh, Exact, Like.EscapeCharacter)
                        || EF.Functions.Like(c.Code, Exact, Like.EscapeCharacter) ? SearchEverything.Closeness.Exact
                : EF.Functions.Like(c.Name, StartsWith, Like.EscapeCharacter) || EF.Functions.Like(c.NameZh, StartsWith, Like.EscapeCharacter)
                        || EF.Functions.Like(c.Code, StartsWith, Like.EscapeCharacter) ? SearchEverything.Closeness.StartsWith
                : SearchEverything.Closeness.Contains,
        };
    }
}
