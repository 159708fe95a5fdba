using Crm.Data.Entities;

namespace Crm.Web.Features.Proposals;

/// <summary>Where a proposal stands in the double opt-in.</summary>
public enum MatchState
{
    /// <summary>Nobody has acted on it.</summary>
    Proposed,
    /// <summary>The delegation (or team) asked; the exhibitor's side has not answered and still may.</summary>
    Requested,
    /// <summary>The exhibitor's side did not answer in time.</summary>
    Lapsed,
    /// <summary>Both sides accepted: the pair may be booked into a slot.</summary>
    Confirmed,
    /// <summary>One side declined, with its reason.</summary>
    Declined,
}

public static class MatchStates
{
    public static MatchState Of(MatchDecision counterpart, MatchDecision exhibitor, DateTime? requestExpiresAt, DateTime nowUtc) =>
        counterpart == MatchDecision.Declined || exhibitor == MatchDecision.Declined ? MatchState.Declined
        : counterpart == MatchDecision.Accepted && exhibitor == MatchDecision.Accepted ? MatchState.Confirmed
        : counterpart == MatchDecision.Accepted ? (requestExpiresAt is { } expires && expires <= nowUtc ? MatchState.Lapsed : MatchState.Requested)
        : MatchState.Proposed;

    public static MatchState Of(Match m, DateTime nowUtc) => Of(m.CounterpartDecision, m.ExhibitorDecision, m.RequestExpiresAt, nowUtc);
}
