using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Views;

/// <summary>
/// Saves the list's current view under a name for the signed-in user (a view of that name is replaced); as the
/// default, it opens the list from then on (and no other view of the list is the default any more).
/// </summary>
public static class SaveView
{
    /// <summary>The lists that keep saved views.</summary>
    public static readonly IReadOnlyList<string> Lists = ["exhibitors", "buyers", "companies", "issues", "teams"];

    public sealed record Command(string List, string Name, string Query, bool IsDefault) : IRequest<int>, IWriteRequest;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<ViewsText> text)
        {
            RuleFor(c => c.List).Must(Lists.Contains).WithMessage(_ => text["UnknownList"]);
            RuleFor(c => c.Name).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => text["NameRequired"])
                .MaximumLength(64).WithMessage(_ => text["NameTooLong", 64]);
            RuleFor(c => c.Query).MaximumLength(2000).WithMessage(_ => text["ViewTooLong"]);
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts, ICurrentUser user, TimeProvider clock) : IRequestHandler<Command, int>
    {
        public async Task<int> Handle(Command request, CancellationToken cancellationToken)
        {
            var me = (await user.GetAsync()).UserId!;
            var name = request.Name.Trim();
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var views = await db.SavedViews.Where(v => v.List == request.List).ToListAsync(cancellationToken);
            var view = views.FirstOrDefault(v => v.Name == name);
            if (view is null)
            {
                view = new SavedView { UserId = me, List = request.List, Name = name, CreatedAt = clock.GetUtcNow().UtcDateTime };
                db.SavedViews.Add(view);
            }
            view.Query = request.Query;
            view.IsDefault = request.IsDefault;
            if (request.IsDefault)
            {
                views.Where(v => v != view).ToList().ForEach(v => v.IsDefault = false);
            }
            await db.SaveChangesAsync(cancellationToken);
            return view.Id;
        }
    }
}
