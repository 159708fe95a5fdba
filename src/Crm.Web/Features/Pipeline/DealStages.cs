using Crm.Data.Entities;

namespace Crm.Web.Features.Pipeline;

/// <summary>
/// The legal moves of a deal (SPEC §3): one step forward along its track; Stalled or Lost (with a reason) from any
/// open stage; a stalled deal resumes at an open stage of its track or is lost. The last stage and Lost are final.
/// </summary>
public static class DealStages
{
    private static readonly DealStage[] _common =
        [DealStage.Proposed, DealStage.Contacted, DealStage.MeetingScheduled, DealStage.Met, DealStage.IntentSigned, DealStage.ContractSigned];

    /// <summary>Investment deals go on to a landed project and its operation.</summary>
    public static IReadOnlyList<DealStage> Investment { get; } = [.. _common, DealStage.Landed, DealStage.Operational];

    /// <summary>Procurement deals end with the delivery.</summary>
    public static IReadOnlyList<DealStage> Procurement { get; } = [.. _common, DealStage.Delivered];

    public static IReadOnlyList<DealStage> Track(MatchKind kind) => kind == MatchKind.Investment ? Investment : Procurement;

    /// <summary>Stages that need a reason: the deal stops.</summary>
    public static bool NeedsReason(DealStage stage) => stage is DealStage.Stalled or DealStage.Lost;

    // After the tracks: static fields initialise in order.
    private static readonly DealStage[] _closedInvestment = [DealStage.Lost, Investment[^1]];
    private static readonly DealStage[] _closedProcurement = [DealStage.Lost, Procurement[^1]];

    /// <summary>The stages a deal of this kind ends at: Lost, and the last of its track.</summary>
    public static IReadOnlyList<DealStage> Closed(MatchKind kind) => kind == MatchKind.Investment ? _closedInvestment : _closedProcurement;

    public static bool IsOpen(MatchKind kind, DealStage stage) => !Closed(kind).Contains(stage);

    /// <summary>Where a deal of this kind may go from this stage; nothing from a final stage.</summary>
    public static IReadOnlyList<DealStage> Next(MatchKind kind, DealStage from)
    {
        var track = Track(kind);
        if (!IsOpen(kind, from))
        {
            return [];
        }
        if (from == DealStage.Stalled)
        {
            return [.. track.Take(track.Count - 1), DealStage.Lost];
        }
        var position = IndexOf(track, from);
        return position < 0 ? [] : [track[position + 1], DealStage.Stalled, DealStage.Lost];
    }

    public static bool IsLegal(MatchKind kind, DealStage from, DealStage to) => Next(kind, from).Contains(to);

    private static int IndexOf(IReadOnlyList<DealStage> track, DealStage stage)
    {
        for (var i = 0; i < track.Count; i++)
        {
            if (track[i] == stage)
            {
                return i;
            }
        }
        return -1;
    }
}
