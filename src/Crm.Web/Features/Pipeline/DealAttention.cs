namespace Crm.Web.Features.Pipeline;

/// <summary>What an open deal's follow-up needs, most urgent first; closed deals need nothing.</summary>
public enum Attention { None, Stale, NoNextStep, Overdue }

public static class DealAttention
{
    /// <summary>
    /// Overdue (the next step's date passed, in expo days), without a next step at all, or stale (nobody changed it for
    /// <paramref name="staleAfter"/>).
    /// </summary>
    public static Attention Of(ListPipeline.Row deal, DateOnly today, DateTime nowUtc, TimeSpan staleAfter) =>
        !DealStages.IsOpen(deal.Kind, deal.Stage) ? Attention.None
        : deal.NextStepDueOn is { } due && due < today ? Attention.Overdue
        : deal.NextStep is null ? Attention.NoNextStep
        : nowUtc - deal.UpdatedAt > staleAfter ? Attention.Stale
        : Attention.None;
}
