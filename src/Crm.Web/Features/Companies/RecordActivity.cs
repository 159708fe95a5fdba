using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Companies;

/// <summary>
/// Logs a call, visit, email or note on a company, or gives someone a task on it with a due date. The owner is the
/// signed-in user unless another active user is chosen (a task handed to a colleague).
/// </summary>
public static class RecordActivity
{
    public sealed record Command(int CompanyId, ActivityKind Kind, string Subject, string? Notes, DateOnly? DueOn, string? OwnerUserId = null)
        : IRequest<int>, IWriteRequest;

    public sealed class Validator : AbstractValidator<Command>
    {
        public const int SubjectLength = 200;
        public const int NotesLength = 4000;

        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<CompaniesText> text)
        {
            RuleFor(c => c.Kind).IsInEnum().WithMessage(_ => text["ActivityKindUnknown"]);
            RuleFor(c => c.Subject).Must(s => !string.IsNullOrWhiteSpace(s)).WithMessage(_ => text["SubjectRequired"])
                .MaximumLength(SubjectLength).WithMessage(_ => text["SubjectTooLong", SubjectLength]);
            RuleFor(c => c.Notes).MaximumLength(NotesLength).WithMessage(_ => text["NotesTooLong", NotesLength]);
            RuleFor(c => c.DueOn).NotNull().When(c => c.Kind == ActivityKind.Task).WithMessage(_ => text["TaskNeedsDueDate"]);
            RuleFor(c => c.DueOn).Must(ExpoCalendar.InRange).WithMessage(_ => text["DueOutOfRange", ExpoCalendar.Earliest.Year, ExpoCalendar.Latest.Year]);
            RuleFor(c => c.DueOn).Null().When(c => c.Kind != ActivityKind.Task).WithMessage(_ => text["OnlyTasksAreDue"]);
            RuleFor(c => c.CompanyId)
                .MustAsync(async (id, ct) =>
                {
                    await using var db = await contexts.CreateDbContextAsync(ct);
                    return await db.Companies.AnyAsync(c => c.Id == id, ct);
                })
                .WithMessage(_ => text["CompanyNotFound"]);
            RuleFor(c => c.OwnerUserId)
                .MustAsync(async (id, ct) =>
                {
                    await using var db = await contexts.CreateDbContextAsync(ct);
                    return await db.Users.AnyAsync(u => u.Id == id && u.IsActive, ct);
                })
                .When(c => c.OwnerUserId is not null)
                .WithMessage(_ => text["OwnerNotFound"]);
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts, ICurrentUser user, TimeProvider clock) : IRequestHandler<Command, int>
    {
        public async Task<int> Handle(Command request, CancellationToken cancellationToken)
        {
            var me = await user.GetAsync();
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var activity = new Activity
            {
                CompanyId = request.CompanyId,
                Kind = request.Kind,
                Subject = request.Subject.Trim(),
                Notes = string.IsNullOrWhiteSpace(request.Notes) ? null : request.Notes.Trim(),
                DueOn = request.DueOn,
                OwnerUserId = request.OwnerUserId ?? me.UserId,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            db.Activities.Add(activity);
            await db.SaveChangesAsync(cancellationToken);
            return activity.Id;
        }
    }
}
