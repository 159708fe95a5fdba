using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Pipeline;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Proposals;

/// <summary>
/// What a decision returns. <see cref="Saved"/> is false when someone decided on the proposal after the user saw it:
/// nothing was written, and <see cref="State"/> is how it stands now.
/// </summary>
public sealed record MatchChange(bool Saved, MatchState State, long Version);

/// <summary>The rules and the writing both sides' decisions share.</summary>
internal static class MatchDecisions
{
    /// <summary>A decline says why; a reason is short.</summary>
    public static void ReasonRules<T>(AbstractValidator<T> validator, Func<T, bool> accept, Func<T, string?> reason,
        IStringLocalizer<ProposalsText> text)
    {
        validator.RuleFor(c => reason(c)).Must(r => !string.IsNullOrWhiteSpace(r)).When(c => !accept(c))
            .OverridePropertyName("Reason").WithMessage(_ => text["ReasonRequired"]);
        validator.RuleFor(c => reason(c)).MaximumLength(Match.ReasonMaxLength)
            .OverridePropertyName("Reason").WithMessage(_ => text["ReasonTooLong", Match.ReasonMaxLength]);
    }

    /// <summary>The proposal must exist within the user's reach.</summary>
    public static IRuleBuilderOptions<T, int> MustExist<T>(this IRuleBuilder<T, int> rule, IDbContextFactory<CrmDbContext> contexts,
        IStringLocalizer<ProposalsText> text) =>
        rule.MustAsync(async (id, ct) =>
            {
                await using var db = await contexts.CreateDbContextAsync(ct);
                return await db.Matches.AnyAsync(m => m.Id == id, ct);
            })
            .WithMessage(_ => text["ProposalNotFound"]);

    /// <summary>The delegation's (or team's) side accepts: a request to the exhibitor, answered at once if it auto-accepts.</summary>
    public static void Accept(Match match, bool exhibitorAutoAccepts, DateTime now, TimeSpan expiry)
    {
        match.CounterpartDecision = MatchDecision.Accepted;
        match.CounterpartReason = null;
        match.CounterpartDecidedAt = now;
        if (match.ExhibitorDecision == MatchDecision.Proposed && exhibitorAutoAccepts)
        {
            match.ExhibitorDecision = MatchDecision.Accepted;
            match.ExhibitorDecidedAt = now;
        }
        match.RequestExpiresAt = match.ExhibitorDecision == MatchDecision.Proposed ? now + expiry : null;
    }

    /// <summary>
    /// Saves over the version the user saw, with the pair's deal when both sides have now accepted (owned by
    /// <paramref name="userId"/>). When someone decided in between (the version read, or the row at the save), nothing is
    /// written and the result is how the proposal now stands.
    /// </summary>
    public static async Task<MatchChange> SaveAsync(IDbContextFactory<CrmDbContext> contexts, CrmDbContext db, Match match, string? userId, DateTime now,
        CancellationToken ct)
    {
        try
        {
            await PairDeals.OpenForAcceptedAsync(db, [match], userId, now, ct);
            await PairDeals.SaveAsync(db, ct);
            return new MatchChange(true, MatchStates.Of(match, now), match.Version);
        }
        catch (DbUpdateConcurrencyException)
        {
            await using var fresh = await contexts.CreateDbContextAsync(ct);
            var stored = await fresh.Matches.AsNoTracking().SingleAsync(m => m.Id == match.Id, ct);
            return new MatchChange(false, MatchStates.Of(stored, now), stored.Version);
        }
    }

    /// <summary>Someone decided after the user saw the proposal: nothing is written.</summary>
    public static MatchChange Stale(Match match, DateTime now) => new(false, MatchStates.Of(match, now), match.Version);
}
