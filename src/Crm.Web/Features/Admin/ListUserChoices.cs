using System.Globalization;
using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Access;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Admin;

/// <summary>What the user form offers: the roles, every promotion team, and the current edition's delegations.</summary>
[RequiresRole(Roles.Administrator)]
public static class ListUserChoices
{
    public sealed record Query : IRequest<Choices>;

    public sealed record Choices(IReadOnlyList<string> Roles, IReadOnlyList<Choice> Teams, IReadOnlyList<Choice> Delegations);

    public sealed record Choice(int Id, string Name);

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, Choices>
    {
        public async Task<Choices> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var chinese = Cultures.IsChinese(CultureInfo.CurrentUICulture);
            var teams = await db.PromotionTeams.AsNoTracking().OrderBy(t => t.Code)
                .Select(t => new Choice(t.Id, chinese ? t.NameZh : t.Name)).ToListAsync(cancellationToken);
            // Sub-delegations are listed under their delegation: "上海交易团 / 黄浦分团".
            var delegations = await db.TradeDelegations.AsNoTracking()
                .Where(d => d.Edition!.Status == EditionStatus.Current)
                .OrderBy(d => d.Code)
                .Select(d => new Choice(d.Id, d.Parent == null
                    ? (chinese ? d.NameZh : d.Name)
                    : (chinese ? d.Parent.NameZh + " / " + d.NameZh : d.Parent.Name + " / " + d.Name)))
                .ToListAsync(cancellationToken);
            return new Choices(Roles.All, teams, delegations);
        }
    }
}
