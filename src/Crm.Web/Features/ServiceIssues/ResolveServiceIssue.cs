using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.ServiceIssues;

/// <summary>
/// Resolves an open issue with a note of what was done. An issue nobody owned becomes the resolver's. Guarded by the
/// version the user saw.
/// </summary>
public static class ResolveServiceIssue
{
    public sealed record Command(int IssueId, long ExpectedVersion, string Resolution) : IRequest<ServiceIssueChange>, IWriteRequest;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<ServiceIssuesText> text)
        {
            RuleFor(c => c.Resolution).Must(r => !string.IsNullOrWhiteSpace(r)).WithMessage(_ => text["ResolutionRequired"])
                .MaximumLength(ServiceIssueWrites.TextLength).WithMessage(_ => text["ResolutionTooLong", ServiceIssueWrites.TextLength]);
            RuleFor(c => c.IssueId).MustBeIn(contexts, text, "CannotResolve", ServiceIssueStatuses.Open);
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts, ICurrentUser user, TimeProvider clock)
        : IRequestHandler<Command, ServiceIssueChange>
    {
        public async Task<ServiceIssueChange> Handle(Command request, CancellationToken cancellationToken)
        {
            var me = (await user.GetAsync()).UserId;
            var now = clock.GetUtcNow().UtcDateTime;
            return await ServiceIssueWrites.ChangeAsync(contexts, request.IssueId, request.ExpectedVersion, issue =>
            {
                issue.Status = ServiceIssueStatus.Resolved;
                issue.Resolution = request.Resolution.Trim();
                issue.ResolvedAt = now;
                issue.OwnerUserId ??= me;
            }, cancellationToken);
        }
    }
}
