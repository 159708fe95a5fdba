using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.ServiceIssues;

/// <summary>Closes a resolved issue (the company confirmed the resolution). Guarded by the version the user saw.</summary>
public static class CloseServiceIssue
{
    public sealed record Command(int IssueId, long ExpectedVersion) : IRequest<ServiceIssueChange>, IWriteRequest;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<ServiceIssuesText> text)
        {
            RuleFor(c => c.IssueId).MustBeIn(contexts, text, "CannotClose", ServiceIssueStatus.Resolved);
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Command, ServiceIssueChange>
    {
        public async Task<ServiceIssueChange> Handle(Command request, CancellationToken cancellationToken)
        {
            return await ServiceIssueWrites.ChangeAsync(contexts, request.IssueId, request.ExpectedVersion,
                issue => issue.Status = ServiceIssueStatus.Closed, cancellationToken);
        }
    }
}
