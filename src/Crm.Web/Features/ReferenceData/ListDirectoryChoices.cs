using Crm.Data;
using Crm.Data.Entities;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.ReferenceData;

/// <summary>The choices the lists filter by: editions (newest first), exhibition areas, countries, sectors and exhibit categories.</summary>
public static class ListDirectoryChoices
{
    public sealed record Query : IRequest<Choices>;

    public sealed record Choices(IReadOnlyList<EditionChoice> Editions, IReadOnlyList<Choice> Areas, IReadOnlyList<Choice> Countries,
        IReadOnlyList<Choice> Sectors, IReadOnlyList<Choice> Categories);

    public sealed record EditionChoice(int Number, int Year, EditionStatus Status);

    public sealed record Choice(string Code, string NameEn, string NameZh)
    {
        public string Name(bool chinese) => chinese && NameZh.Length > 0 ? NameZh : NameEn;
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, Choices>
    {
        public async Task<Choices> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            return new Choices(
                await db.Editions.AsNoTracking().OrderByDescending(e => e.Number).Select(e => new EditionChoice(e.Number, e.Year, e.Status)).ToListAsync(cancellationToken),
                await db.ExhibitionAreas.AsNoTracking().OrderBy(a => a.Code).Select(a => new Choice(a.Code, a.NameEn, a.NameZh)).ToListAsync(cancellationToken),
                await db.Countries.AsNoTracking().OrderBy(c => c.Code).Select(c => new Choice(c.Code, c.NameEn, c.NameZh)).ToListAsync(cancellationToken),
                await db.Sectors.AsNoTracking().OrderBy(s => s.Code).Select(s => new Choice(s.Code, s.NameEn, s.NameZh)).ToListAsync(cancellationToken),
                await db.ProductCategories.AsNoTracking().OrderBy(c => c.Code).Select(c => new Choice(c.Code, c.NameEn, c.NameZh)).ToListAsync(cancellationToken));
        }
    }
}
