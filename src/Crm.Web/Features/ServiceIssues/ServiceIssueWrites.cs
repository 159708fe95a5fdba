using Crm.Data;
using Crm.Data.Entities;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.ServiceIssues;

/// <summary>
/// What a change to an issue returns. <see cref="Saved"/> is false when someone changed the issue after the user opened it:
/// nothing was written, and the rest is the issue as it now stands, for the user to read before trying again.
/// </summary>
public sealed record ServiceIssueChange(bool Saved, long Version, ServiceIssueStatus Status, string? OwnerName);

/// <summary>The rules and the version guard every change to an issue shares.</summary>
internal static class ServiceIssueWrites
{
    public const int TitleLength = 200;
    public const int TextLength = 4000;

    public static IRuleBuilderOptions<T, string> IssueTitle<T>(this IRuleBuilder<T, string> rule, IStringLocalizer<ServiceIssuesText> text) =>
        rule.Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage(_ => text["TitleRequired"])
            .MaximumLength(TitleLength).WithMessage(_ => text["TitleTooLong", TitleLength]);

    public static IRuleBuilderOptions<T, string?> IssueDescription<T>(this IRuleBuilder<T, string?> rule, IStringLocalizer<ServiceIssuesText> text) =>
        rule.MaximumLength(TextLength).WithMessage(_ => text["DescriptionTooLong", TextLength]);

    /// <summary>
    /// The issue must exist and, when <paramref name="allowed"/> names statuses, be in one of them; the refusal says which
    /// status it is in.
    /// </summary>
    public static IRuleBuilderOptionsConditions<T, int> MustBeIn<T>(this IRuleBuilder<T, int> rule, IDbContextFactory<CrmDbContext> contexts,
        IStringLocalizer<ServiceIssuesText> text, string? refusal = null, params ServiceIssueStatus[] allowed) =>
        rule.CustomAsync(async (id, context, ct) =>
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var status = await db.ServiceIssues.Where(i => i.Id == id).Select(i => (ServiceIssueStatus?)i.Status).SingleOrDefaultAsync(ct);
            if (status is null)
            {
                context.AddFailure(text["IssueNotFound"]);
            }
            else if (refusal is not null && !allowed.Contains(status.Value))
            {
                context.AddFailure(text[refusal, text["Status." + status.Value]]);
            }
        });

    /// <summary>The colleagues an issue can be handed to: active users in a role that writes.</summary>
    public static IQueryable<AppUser> Assignable(CrmDbContext db) =>
        db.Users.Where(u => u.IsActive
            && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && Roles.Writing.Contains(r.Name!))));

    public static IRuleBuilderOptions<T, string?> MustBeAssignable<T>(this IRuleBuilder<T, string?> rule, IDbContextFactory<CrmDbContext> contexts,
        IStringLocalizer<ServiceIssuesText> text) =>
        rule.MustAsync(async (id, ct) =>
            {
                await using var db = await contexts.CreateDbContextAsync(ct);
                return await Assignable(db).AnyAsync(u => u.Id == id, ct);
            })
            .WithMessage(_ => text["OwnerNotFound"]);

    /// <summary>
    /// Applies <paramref name="change"/> to the issue and saves it, guarded by the version the user saw: when the issue
    /// changed since <paramref name="expectedVersion"/> (before the read or between the read and the save), nothing is
    /// written and the result says how it stands now.
    /// </summary>
    public static async Task<ServiceIssueChange> ChangeAsync(IDbContextFactory<CrmDbContext> contexts, int id, long expectedVersion,
        Action<ServiceIssue> change, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var issue = await db.ServiceIssues.Include(i => i.Owner).SingleAsync(i => i.Id == id, ct);
        if (issue.Version != expectedVersion)
        {
            return Result(issue, saved: false);
        }
        change(issue);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await using var fresh = await contexts.CreateDbContextAsync(ct);
            return Result(await fresh.ServiceIssues.AsNoTracking().Include(i => i.Owner).SingleAsync(i => i.Id == id, ct), saved: false);
        }
        if (issue.OwnerUserId is not null && issue.Owner?.Id != issue.OwnerUserId)
        {
            await db.Entry(issue).Reference(i => i.Owner).LoadAsync(ct);
        }
        return Result(issue, saved: true);
    }

    private static ServiceIssueChange Result(ServiceIssue issue, bool saved) =>
        new(saved, issue.Version, issue.Status, issue.OwnerUserId is null ? null : issue.Owner?.DisplayName);
}
