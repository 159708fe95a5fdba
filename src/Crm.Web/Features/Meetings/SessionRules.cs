using Crm.Data;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Meetings;

/// <summary>Validation the session commands share.</summary>
internal static class SessionRules
{
    /// <summary>The id is a matchmaking session's, else "this session does not exist" in the user's language.</summary>
    public static IRuleBuilderOptions<T, int> MustBeASession<T>(this IRuleBuilder<T, int> rule, IDbContextFactory<CrmDbContext> contexts,
        IStringLocalizer<MeetingsText> text) =>
        rule.MustAsync(async (id, ct) =>
            {
                await using var db = await contexts.CreateDbContextAsync(ct);
                return await db.MatchmakingSessions.AnyAsync(s => s.Id == id, ct);
            })
            .WithMessage(_ => text["SessionNotFound"]);
}
