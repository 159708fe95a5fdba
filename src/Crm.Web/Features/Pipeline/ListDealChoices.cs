using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Pipeline;

/// <summary>
/// What the new-deal form chooses from, in an edition: exhibitors, or buyers within the user's reach, by a part of the
/// name or the company code (the first 20 each). Teams come with the pipeline (<see cref="ListPipeline.Result.Teams"/>).
/// </summary>
public static class ListDealChoices
{
    public sealed record Exhibitors(int Edition, string? Search) : IRequest<IReadOnlyList<Choice>>;

    public sealed record Buyers(int Edition, string? Search) : IRequest<IReadOnlyList<Choice>>;

    /// <summary>A company by its participation's id (set by initialiser, so a query can still filter on it).</summary>
    public sealed record Choice
    {
        public int Id { get; init; }
        public string Code { get; init; } = "";
        public string Name { get; init; } = "";
        public string NameZh { get; init; } = "";
    }

    private const int Shown = 20;

    internal sealed class ExhibitorsHandler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Exhibitors, IReadOnlyList<Choice>>
    {
        public async Task<IReadOnlyList<Choice>> Handle(Exhibitors request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var exhibitors = db.Exhibitors.AsNoTracking().Where(e => e.Edition!.Number == request.Edition);
            return await Matching(exhibitors.Select(e => new Choice { Id = e.Id, Code = e.Company!.Code, Name = e.Company.Name, NameZh = e.Company.NameZh }), request.Search)
                .ToListAsync(cancellationToken);
        }
    }

    internal sealed class BuyersHandler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Buyers, IReadOnlyList<Choice>>
    {
        public async Task<IReadOnlyList<Choice>> Handle(Buyers request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            // Row-level access is in the context: a lead's buyers only.
            var buyers = db.Buyers.AsNoTracking().Where(b => b.Edition!.Number == request.Edition);
            return await Matching(buyers.Select(b => new Choice { Id = b.Id, Code = b.Company!.Code, Name = b.Company.Name, NameZh = b.Company.NameZh }), request.Search)
                .ToListAsync(cancellationToken);
        }
    }

    private static IQueryable<Choice> Matching(IQueryable<Choice> choices, string? search)
    {
        if (search?.Trim() is { Length: > 0 } term)
        {
            var pattern = "%" + Like.Escape(term) + "%";
            choices = choices.Where(c => c.Code == term
                || EF.Functions.Like(c.Name, pattern, Like.EscapeCharacter) || EF.Functions.Like(c.NameZh, pattern, Like.EscapeCharacter));
        }
        return choices.OrderBy(c => c.NameZh).Take(Shown);
    }
}
