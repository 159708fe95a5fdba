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
/// Records an issue an exhibitor or a buyer raised in an edition: what it is about (category), how urgent (severity), a
/// title and the details; optionally handed to a colleague at once (then it is in progress). It gets the next code of the
/// edition, e.g. SI09-00042.
/// </summary>
public static class RecordServiceIssue
{
    public sealed record Command(int Edition, int CompanyId, ServiceIssueParty RaisedAs, ServiceIssueCategory Category,
        ServiceIssueSeverity Severity, string Title, string? Description, string? OwnerUserId = null) : IRequest<Recorded>, IWriteRequest;

    public sealed record Recorded(int Id, string Code);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<ServiceIssuesText> text)
        {
            RuleFor(c => c.RaisedAs).IsInEnum().WithMessage(_ => text["RaisedAsUnknown"]);
            RuleFor(c => c.Category).IsInEnum().WithMessage(_ => text["CategoryUnknown"]);
            RuleFor(c => c.Severity).IsInEnum().WithMessage(_ => text["SeverityUnknown"]);
            RuleFor(c => c.Title).IssueTitle(text);
            RuleFor(c => c.Description).IssueDescription(text);
            RuleFor(c => c.Edition)
                .MustAsync(async (number, ct) =>
                {
                    await using var db = await contexts.CreateDbContextAsync(ct);
                    return await db.Editions.AnyAsync(e => e.Number == number, ct);
                })
                .WithMessage(c => text["EditionNotFound", c.Edition]);
            RuleFor(c => c.CompanyId).GreaterThan(0).WithMessage(_ => text["CompanyRequired"]);
            RuleFor(c => c.CompanyId)
                .MustAsync(async (command, id, ct) =>
                {
                    await using var db = await contexts.CreateDbContextAsync(ct);
                    // Whether the company took part that way is no secret (the directory counts it), so buyers are
                    // looked up beyond the user's reach: a team member records a buyer's issue too.
                    return command.RaisedAs == ServiceIssueParty.Exhibitor
                        ? await db.Exhibitors.AnyAsync(e => e.CompanyId == id && e.Edition!.Number == command.Edition, ct)
                        : await db.Buyers.IgnoreQueryFilters().AnyAsync(b => b.CompanyId == id && b.Edition!.Number == command.Edition, ct);
                })
                .When(c => c.CompanyId > 0 && Enum.IsDefined(c.RaisedAs))
                .WithMessage(c => text[c.RaisedAs == ServiceIssueParty.Exhibitor ? "NotAnExhibitor" : "NotABuyer", c.Edition]);
            RuleFor(c => c.OwnerUserId).MustBeAssignable(contexts, text).When(c => c.OwnerUserId is not null);
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts, TimeProvider clock) : IRequestHandler<Command, Recorded>
    {
        /// <summary>The edition's codes are SI + two digits of the edition + a five-digit number: the next number after the highest.</summary>
        public async Task<Recorded> Handle(Command request, CancellationToken cancellationToken)
        {
            var issue = await SequentialCodes.AddWithNextAsync(contexts, db => db.ServiceIssues.Select(i => i.Code),
                FormattableString.Invariant($"SI{request.Edition:00}-"), 5, async (db, code) =>
                {
                    var editionId = await db.Editions.Where(e => e.Number == request.Edition).Select(e => e.Id).SingleAsync(cancellationToken);
                    var issue = new ServiceIssue
                    {
                        Code = code,
                        EditionId = editionId,
                        CompanyId = request.CompanyId,
                        RaisedAs = request.RaisedAs,
                        Category = request.Category,
                        Severity = request.Severity,
                        Title = request.Title.Trim(),
                        Description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim(),
                        OwnerUserId = request.OwnerUserId,
                        Status = request.OwnerUserId is null ? ServiceIssueStatus.Open : ServiceIssueStatus.InProgress,
                        RaisedAt = clock.GetUtcNow().UtcDateTime,
                    };
                    db.ServiceIssues.Add(issue);
                    return issue;
                }, cancellationToken);
            return new Recorded(issue.Id, issue.Code);
        }
    }
}
