using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.ServiceIssues;

/// <summary>
/// Hands an open issue to a colleague (or takes it back to nobody). An owned issue is in progress; one without an owner is
/// open again. Guarded by the version the user saw.
/// </summary>
public static class AssignServiceIssue
{
    public sealed record Command(int IssueId, long ExpectedVersion, string? OwnerUserId) : IRequest<ServiceIssueChange>, IWriteRequest;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<ServiceIssuesText> text)
        {
            RuleFor(c => c.IssueId).MustBeIn(contexts, text, "CannotAssign", ServiceIssueStatuses.Open);
            RuleFor(c => c.OwnerUserId).MustBeAssignable(contexts, text).When(c => c.OwnerUserId is not null);
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Command, ServiceIssueChange>
    {
        public async Task<ServiceIssueChange> Handle(Command request, CancellationToken cancellationToken)
        {
            return await ServiceIssueWrites.ChangeAsync(contexts, request.IssueId, request.ExpectedVersion, issue =>
            {
                issue.OwnerUserId = request.OwnerUserId;
                issue.Status = request.OwnerUserId is null ? ServiceIssueStatus.Open : ServiceIssueStatus.InProgress;
            }, cancellationToken);
        }
    }
}
