using Crm.Data.Entities;
using Crm.Web.Features.Pipeline;

namespace Crm.Web.Features.Signings;

/// <summary>
/// The rules of a collective signing (集中签约) written once: which deals it may take, which of them the signing moves to a
/// signed intent, and what each adds to the event's total value.
/// </summary>
public static class SigningRules
{
    /// <summary>
    /// A deal the signing will move to Intent signed: one still before it on its track, or stalled before its intent was
    /// signed. Deals at Intent signed or later keep their stage.
    /// </summary>
    public static bool BeforeIntent(DealStage stage, DateOnly? intentSignedOn) =>
        stage is DealStage.Proposed or DealStage.Contacted or DealStage.MeetingScheduled or DealStage.Met
        || (stage == DealStage.Stalled && intentSignedOn is null);

    /// <summary>A deal an event may take: open on its track (not lost, not at its last stage).</summary>
    public static bool Attachable(MatchKind kind, DealStage stage) => DealStages.IsOpen(kind, stage);

    /// <summary>
    /// A deal's part of the event's value in US$: the intended value as signed, else the value planned for the signing
    /// converted at the edition year's rate (null when it is in yuan and the year has no rate).
    /// </summary>
    public static decimal? ValueUsd(decimal? signedUsd, decimal? planned, DealCurrency? currency, decimal? cnyPerUsd) =>
        signedUsd ?? (planned, currency) switch
        {
            ({ } amount, DealCurrency.Usd) => amount,
            ({ } amount, DealCurrency.Cny) when cnyPerUsd is { } rate => DealRates.ToUsd(amount, rate),
            _ => null,
        };
}
