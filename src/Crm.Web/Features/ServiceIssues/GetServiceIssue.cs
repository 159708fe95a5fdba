using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.ServiceIssues;

/// <summary>One issue as the desk reads it: the facts, who owns it and its resolution (its history: <c>ListHistory</c>).</summary>
public static class GetServiceIssue
{
    public sealed record Query(int IssueId) : IRequest<Issue?>;

    public sealed record Issue(
        int Id, string Code, int Edition, int CompanyId, string CompanyCode, string CompanyName, string CompanyNameZh, ServiceIssueParty RaisedAs,
        ServiceIssueCategory Category, ServiceIssueSeverity Severity, string Title, string? Description, string? OwnerUserId, string? OwnerName,
        ServiceIssueStatus Status, string? Resolution, DateTime RaisedAt, DateTime? ResolvedAt, int AgeDays, long Version)
    {
        public bool IsOpen => Status.IsOpen();
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts, TimeProvider clock) : IRequestHandler<Query, Issue?>
    {
        public async Task<Issue?> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var i = await db.ServiceIssues.AsNoTracking().Where(i => i.Id == request.IssueId)
                .Select(i => new
                {
                    i.Id, i.Code, i.Edition!.Number, i.CompanyId, CompanyCode = i.Company!.Code, i.Company.Name, i.Company.NameZh, i.RaisedAs,
                    i.Category, i.Severity, i.Title, i.Description, i.OwnerUserId, OwnerName = i.Owner!.DisplayName, i.Status, i.Resolution,
                    i.RaisedAt, i.ResolvedAt, i.Version,
                })
                .SingleOrDefaultAsync(cancellationToken);
            if (i is null)
            {
                return null;
            }
            return new Issue(i.Id, i.Code, i.Number, i.CompanyId, i.CompanyCode, i.Name, i.NameZh, i.RaisedAs, i.Category, i.Severity, i.Title,
                i.Description, i.OwnerUserId, i.OwnerUserId is null ? null : i.OwnerName, i.Status, i.Resolution,
                DateTime.SpecifyKind(i.RaisedAt, DateTimeKind.Utc), i.ResolvedAt is { } r ? DateTime.SpecifyKind(r, DateTimeKind.Utc) : null,
                ServiceIssueAge.Days(i.RaisedAt, i.ResolvedAt, ExpoCalendar.Today(clock)), i.Version);
        }
    }
}
