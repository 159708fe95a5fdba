using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.ServiceIssues;

/// <summary>
/// Opens a resolved or closed issue again (the company came back): in progress with its owner, the resolution and its date
/// cleared (the history keeps them). Guarded by the version the user saw.
/// </summary>
public static class ReopenServiceIssue
{
    public sealed record Command(int IssueId, long ExpectedVersion) : IRequest<ServiceIssueChange>, IWriteRequest;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<ServiceIssuesText> text)
        {
            RuleFor(c => c.IssueId).MustBeIn(contexts, text, "CannotReopen", ServiceIssueStatus.Resolved, ServiceIssueStatus.Closed);
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Command, ServiceIssueChange>
    {
        public async Task<ServiceIssueChange> Handle(Command request, CancellationToken cancellationToken)
        {
            return await ServiceIssueWrites.ChangeAsync(contexts, request.IssueId, request.ExpectedVersion, issue =>
            {
                issue.Status = issue.OwnerUserId is null ? ServiceIssueStatus.Open : ServiceIssueStatus.InProgress;
                issue.Resolution = null;
                issue.ResolvedAt = null;
            }, cancellationToken);
        }
    }
}
