using Crm.Data.Entities;
using Crm.Web.Features.Pipeline;

namespace Crm.Web.Tests.Pipeline;

/// <summary>How the board marks a deal's follow-up: overdue before missing before stale, and nothing on closed deals.</summary>
public sealed class DealAttentionTests
{
    private static readonly DateOnly Today = new(2026, 12, 2);
    private static readonly DateTime Now = new(2026, 12, 2, 2, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Month = TimeSpan.FromDays(30);

    [Theory]
    [InlineData(DealStage.Met, "Call", -1, 0, Attention.Overdue)]
    [InlineData(DealStage.Met, "Call", -1, 60, Attention.Overdue)]      // overdue outranks stale
    [InlineData(DealStage.Met, null, null, 60, Attention.NoNextStep)]   // missing outranks stale
    [InlineData(DealStage.Met, "Call", 3, 31, Attention.Stale)]
    [InlineData(DealStage.Met, "Call", 0, 29, Attention.None)]          // due today is not overdue
    [InlineData(DealStage.Stalled, "Ask again", -5, 0, Attention.Overdue)]
    [InlineData(DealStage.Lost, null, -5, 90, Attention.None)]
    [InlineData(DealStage.Operational, null, null, 90, Attention.None)]
    public void A_deals_attention_follows_its_next_step_and_its_last_change(DealStage stage, string? nextStep, int? dueInDays, int daysSinceChange,
        Attention expected)
    {
        var deal = new ListPipeline.Row(1, "D09-000001", MatchKind.Investment, 1, "Co", "公司", "", "", "", "", 1, "Team", "团队", stage, null, null, null, 0,
            nextStep, dueInDays is { } days ? Today.AddDays(days) : null, UpdatedAt: Now.AddDays(-daysSinceChange));

        Assert.Equal(expected, DealAttention.Of(deal, Today, Now, Month));
    }
}
