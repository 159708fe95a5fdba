using System.Globalization;
using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Admin;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.History;

/// <summary>
/// A record's history from the audit trail, newest first: who changed which field when, from what to what. For the records
/// whose history every signed-in user reads on their pages (companies, service issues; the trail's own filter decides).
/// </summary>
public static class ListHistory
{
    public enum Of { Company, ServiceIssue, Contact }

    public sealed record Query(Of Record, int Id, int Take = 50) : IRequest<IReadOnlyList<Row>>;

    public sealed record Row(DateTime At, string? UserName, AuditAction Action, IReadOnlyList<ListAuditEntries.Change> Changes);

    public const int MaxTake = 200;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(IStringLocalizer<HistoryText> text)
        {
            RuleFor(q => q.Record).IsInEnum().WithMessage(_ => text["UnknownRecord"]);
            RuleFor(q => q.Take).InclusiveBetween(1, MaxTake).WithMessage(_ => text["UnknownRecord"]);
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var type = request.Record switch
            {
                Of.ServiceIssue => nameof(ServiceIssue),
                Of.Contact => nameof(Contact),
                _ => nameof(Company),
            };
            var key = request.Id.ToString(CultureInfo.InvariantCulture);
            var entries = await db.AuditEntries.AsNoTracking()
                .Where(e => e.EntityType == type && e.EntityKey == key)
                .OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
                .Take(request.Take)
                .ToListAsync(cancellationToken);
            return entries.Select(e => new Row(DateTime.SpecifyKind(e.At, DateTimeKind.Utc), e.UserName, e.Action, ListAuditEntries.ChangesOf(e.Changes)))
                .ToList();
        }
    }
}
