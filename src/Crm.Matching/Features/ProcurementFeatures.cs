using Crm.Matching.Data;

namespace Crm.Matching.Features;

/// <summary>
/// Features of a buyer ↔ exhibitor pair (schema <c>procurement-v1</c>, documented in docs/matching.md). The same code
/// computes them for training on past editions and for scoring the current one; history comes from earlier editions only.
/// </summary>
internal static class ProcurementFeatures
{
    public static readonly FeatureSchema Schema = new(PairKind.Procurement, "procurement-v1",
    [
        new("category_overlap", FeatureValueKind.Fraction, "Share of the buyer's wanted categories the exhibitor shows (the rule-based baseline)."),
        new("category_jaccard", FeatureValueKind.Fraction, "Shared categories over all categories of both (Jaccard)."),
        new("near_categories", FeatureValueKind.Fraction, "Share of wanted categories not shown but in the exhibitor's exhibition area."),
        new("wanted_count", FeatureValueKind.Count, "How many categories the buyer wants."),
        new("shown_count", FeatureValueKind.Count, "How many categories the exhibitor shows."),
        new("same_sector", FeatureValueKind.Flag, "The buyer's sector is the exhibitor's sector."),
        new("budget_musd_log", FeatureValueKind.LogRatio, "ln(budget in US$ m)."),
        new("budget_to_typical_log", FeatureValueKind.LogRatio, "ln(budget ÷ typical signed intent in the exhibitor's area in earlier editions)."),
        new("booth_log", FeatureValueKind.LogRatio, "ln(booth area ÷ 36 m²)."),
        new("fortune500", FeatureValueKind.Flag, "The exhibitor is a Fortune Global 500 company."),
        new("meeting_capacity", FeatureValueKind.Count, "Meetings the exhibitor can take during the show."),
        new("returning_exhibitor", FeatureValueKind.Flag, "The exhibitor's company exhibited in an earlier edition."),
        new("pair_met_before", FeatureValueKind.Flag, "The two companies met in an earlier edition."),
        new("pair_signed_before", FeatureValueKind.Flag, "The two companies signed an intent in an earlier edition."),
        new("signed_with_country_before", FeatureValueKind.Flag, "The buyer signed with a company of the exhibitor's country before."),
        new("delegation_region_lift", FeatureValueKind.Log2Lift, "How much more often the buyer's delegation met exhibitors of this world region before (log2)."),
        new("chinese_speaking", FeatureValueKind.Flag, "The exhibitor's country does business in Chinese."),
        new("delegation_signed_with_company_before", FeatureValueKind.Flag, "The buyer's delegation signed with the exhibitor's company before."),
    ]);

    public static int Count => Schema.Count;

    /// <summary>Writes the features of (buyer, exhibitor) into <paramref name="row"/>; both belong to <paramref name="history"/>'s edition.</summary>
    public static void Compute(MatchingIndex index, EditionHistory history, in BuyerRow b, in ExhibitorRow e, Span<float> row)
    {
        var wanted = b.Wanted;
        var shown = e.Categories;
        var wantedCount = (float)Math.Max(1, (int)UInt128.PopCount(wanted));
        var shared = (float)(int)UInt128.PopCount(wanted & shown);
        var union = (float)Math.Max(1, (int)UInt128.PopCount(wanted | shown));
        var near = (float)(int)UInt128.PopCount(wanted & ~shown & index.AreaMasks[e.AreaIndex]);
        var edition = history.Edition;
        var h = index.History;
        var budgetMusd = Math.Max(b.BudgetUsd, 1.0) / 1e6;
        var typical = history.TypicalIntentUsd[e.AreaIndex];

        row[0] = shared / wantedCount;
        row[1] = shared / union;
        row[2] = near / wantedCount;
        row[3] = wantedCount;
        row[4] = (int)UInt128.PopCount(shown);
        row[5] = b.SectorIndex == e.SectorIndex ? 1f : 0f;
        row[6] = (float)Math.Log(budgetMusd);
        row[7] = float.IsNaN(typical) ? float.NaN : (float)Math.Log(budgetMusd * 1e6 / typical);
        row[8] = (float)Math.Log(Math.Max(e.BoothAreaSqm, 1.0) / 36.0);
        row[9] = e.IsFortune500 ? 1f : 0f;
        row[10] = e.MeetingCapacity;
        row[11] = h.CompanyExhibitedBefore(e.CompanyId, edition) ? 1f : 0f;
        row[12] = h.PairMetBefore(b.CompanyId, e.CompanyId, edition) ? 1f : 0f;
        row[13] = h.PairSignedBefore(b.CompanyId, e.CompanyId, edition) ? 1f : 0f;
        row[14] = h.BuyerSignedWithCountryBefore(b.CompanyId, e.CountryIndex, edition) ? 1f : 0f;
        row[15] = b.DelegationIndex >= 0 && history.DelegationRegionLift is { } lift
            ? lift[b.DelegationIndex * index.Regions.Length + e.RegionIndex]
            : float.NaN;
        row[16] = e.SpeaksChinese ? 1f : 0f;
        row[17] = h.DelegationSignedWithCompanyBefore(b.DelegationIndex, e.CompanyId, edition) ? 1f : 0f;
    }

    /// <summary>The rule-based baseline's score: weighted category overlap.</summary>
    public static float Baseline(in BuyerRow b, in ExhibitorRow e) =>
        (float)(int)UInt128.PopCount(b.Wanted & e.Categories) / Math.Max(1, (int)UInt128.PopCount(b.Wanted));
}
