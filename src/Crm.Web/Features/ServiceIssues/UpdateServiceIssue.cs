using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.ServiceIssues;

/// <summary>Categorises an issue again: its category, severity, title and details. Guarded by the version the user saw.</summary>
public static class UpdateServiceIssue
{
    public sealed record Command(int IssueId, long ExpectedVersion, ServiceIssueCategory Category, ServiceIssueSeverity Severity, string Title,
        string? Description) : IRequest<ServiceIssueChange>, IWriteRequest;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<ServiceIssuesText> text)
        {
            RuleFor(c => c.Category).IsInEnum().WithMessage(_ => text["CategoryUnknown"]);
            RuleFor(c => c.Severity).IsInEnum().WithMessage(_ => text["SeverityUnknown"]);
            RuleFor(c => c.Title).IssueTitle(text);
            RuleFor(c => c.Description).IssueDescription(text);
            RuleFor(c => c.IssueId).MustBeIn(contexts, text);
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Command, ServiceIssueChange>
    {
        public async Task<ServiceIssueChange> Handle(Command request, CancellationToken cancellationToken)
        {
            return await ServiceIssueWrites.ChangeAsync(contexts, request.IssueId, request.ExpectedVersion, issue =>
            {
                issue.Category = request.Category;
                issue.Severity = request.Severity;
                issue.Title = request.Title.Trim();
                issue.Description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim();
            }, cancellationToken);
        }
    }
}
