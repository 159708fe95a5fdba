using Crm.Matching.Data;

namespace Crm.Matching.Features;

/// <summary>
/// One kind of pair as the engine walks it: the queries of an edition (a buyer, or a promotion team), their candidates
/// after blocking, and the features and baseline score of each (query, candidate). Implemented once per kind so that
/// training, evaluation and scoring share every line of it.
/// </summary>
internal abstract class PairSpace(MatchingIndex index)
{
    public MatchingIndex Index { get; } = index;

    public abstract FeatureSchema Schema { get; }

    /// <summary>Positions of the queries of an edition: its buyers, or every promotion team.</summary>
    public abstract IReadOnlyList<int> Queries(int edition);

    /// <summary>The id of the query's buyer or team, as outcomes and proposals name it.</summary>
    public abstract int QueryId(int query);

    /// <summary>Appends the positions of the exhibitors of <paramref name="edition"/> that pass blocking for the query.</summary>
    public abstract void Candidates(int edition, int query, List<int> exhibitors);

    public abstract void Compute(EditionHistory history, int query, int exhibitor, Span<float> row);

    public abstract float Baseline(int query, int exhibitor);

    public static PairSpace For(PairKind kind, MatchingIndex index) =>
        kind == PairKind.Procurement ? new ProcurementSpace(index) : new InvestmentSpace(index);
}

/// <summary>Buyer ↔ exhibitor: one query per buyer; candidates show at least one category the buyer wants.</summary>
internal sealed class ProcurementSpace(MatchingIndex index) : PairSpace(index)
{
    public override FeatureSchema Schema => ProcurementFeatures.Schema;

    public override IReadOnlyList<int> Queries(int edition) => Index.BuyersOf(edition);

    public override int QueryId(int query) => Index.Buyers[query].Id;

    public override void Candidates(int edition, int query, List<int> exhibitors)
    {
        var wanted = Index.Buyers[query].Wanted;
        foreach (var e in Index.ExhibitorsOf(edition))
        {
            if ((Index.Exhibitors[e].Categories & wanted) != UInt128.Zero)
            {
                exhibitors.Add(e);
            }
        }
    }

    public override void Compute(EditionHistory history, int query, int exhibitor, Span<float> row) =>
        ProcurementFeatures.Compute(Index, history, in Index.Buyers[query], in Index.Exhibitors[exhibitor], row);

    public override float Baseline(int query, int exhibitor) =>
        ProcurementFeatures.Baseline(in Index.Buyers[query], in Index.Exhibitors[exhibitor]);
}

/// <summary>Promotion team ↔ exhibitor: one query per team; candidates want to invest and work in a sector the team focuses on.</summary>
internal sealed class InvestmentSpace(MatchingIndex index) : PairSpace(index)
{
    private readonly int[] _teams = Enumerable.Range(0, index.Teams.Length).ToArray();

    public override FeatureSchema Schema => InvestmentFeatures.Schema;

    public override IReadOnlyList<int> Queries(int edition) => _teams;

    public override int QueryId(int query) => Index.Teams[query].Id;

    public override void Candidates(int edition, int query, List<int> exhibitors)
    {
        var focus = Index.Teams[query].FocusSectors;
        foreach (var e in Index.ExhibitorsOf(edition))
        {
            ref readonly var row = ref Index.Exhibitors[e];
            if (row.InterestedInInvesting && Array.IndexOf(focus, row.SectorIndex) >= 0)
            {
                exhibitors.Add(e);
            }
        }
    }

    public override void Compute(EditionHistory history, int query, int exhibitor, Span<float> row) =>
        InvestmentFeatures.Compute(Index, history, in Index.Teams[query], in Index.Exhibitors[exhibitor], row);

    public override float Baseline(int query, int exhibitor) =>
        InvestmentFeatures.Baseline(in Index.Teams[query], in Index.Exhibitors[exhibitor]);
}
