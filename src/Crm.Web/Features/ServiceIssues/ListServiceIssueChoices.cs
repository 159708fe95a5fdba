using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.ServiceIssues;

/// <summary>
/// What the issue forms choose from: the colleagues an issue can be handed to (active users who write), and the companies
/// of an edition that took part on the chosen side, by a part of the name or the code (the first 20).
/// </summary>
public static class ListServiceIssueChoices
{
    public sealed record Owners : IRequest<IReadOnlyList<Person>>;

    public sealed record Person(string UserId, string DisplayName, string UserName);

    public sealed record Companies(int Edition, ServiceIssueParty RaisedAs, string? Search) : IRequest<IReadOnlyList<Company>>;

    public sealed record Company(int Id, string Code, string Name, string NameZh);

    internal sealed class OwnersHandler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Owners, IReadOnlyList<Person>>
    {
        public async Task<IReadOnlyList<Person>> Handle(Owners request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            return await ServiceIssueWrites.Assignable(db).AsNoTracking()
                .OrderBy(u => u.DisplayName).ThenBy(u => u.UserName)
                .Select(u => new Person(u.Id, u.DisplayName, u.UserName!))
                .ToListAsync(cancellationToken);
        }
    }

    internal sealed class CompaniesHandler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Companies, IReadOnlyList<Company>>
    {
        public async Task<IReadOnlyList<Company>> Handle(Companies request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var companies = request.RaisedAs == ServiceIssueParty.Exhibitor
                ? db.Exhibitors.Where(e => e.Edition!.Number == request.Edition).Select(e => e.Company!)
                : db.Buyers.IgnoreQueryFilters().Where(b => b.Edition!.Number == request.Edition).Select(b => b.Company!);
            if (!string.IsNullOrWhiteSpace(request.Search))
            {
                var term = request.Search.Trim();
                var pattern = "%" + Like.Escape(term) + "%";
                companies = companies.Where(c => c.Code == term
                    || EF.Functions.Like(c.Name, pattern, Like.EscapeCharacter) || EF.Functions.Like(c.NameZh, pattern, Like.EscapeCharacter));
            }
            return await companies.AsNoTracking().OrderBy(c => c.NameZh).Take(20)
                .Select(c => new Company(c.Id, c.Code, c.Name, c.NameZh)).ToListAsync(cancellationToken);
        }
    }
}
