using Crm.Matching.Data;

namespace Crm.Matching.Features;

/// <summary>
/// Features of a promotion team ↔ exhibitor pair (schema <c>investment-v1</c>, documented in docs/matching.md).
/// </summary>
internal static class InvestmentFeatures
{
    public static readonly FeatureSchema Schema = new(PairKind.Investment, "investment-v1",
    [
        new("first_focus_sector", FeatureValueKind.Flag, "The exhibitor's sector is the team's first focus."),
        new("other_focus_sector", FeatureValueKind.Flag, "The exhibitor's sector is one of the team's other focus sectors."),
        new("focus_breadth", FeatureValueKind.Count, "How many sectors the team focuses on."),
        new("fortune500", FeatureValueKind.Flag, "The exhibitor is a Fortune Global 500 company."),
        new("booth_log", FeatureValueKind.LogRatio, "ln(booth area ÷ 36 m²)."),
        new("meeting_capacity", FeatureValueKind.Count, "Meetings the exhibitor can take during the show."),
        new("returning_exhibitor", FeatureValueKind.Flag, "The exhibitor's company exhibited in an earlier edition."),
        new("team_met_company_before", FeatureValueKind.Flag, "The team met the exhibitor's company in an earlier edition."),
        new("team_signed_with_company_before", FeatureValueKind.Flag, "The team signed an intent with the exhibitor's company before."),
        new("chinese_speaking", FeatureValueKind.Flag, "The exhibitor's country does business in Chinese."),
    ]);

    public static int Count => Schema.Count;

    public static void Compute(MatchingIndex index, EditionHistory history, in TeamRow t, in ExhibitorRow e, Span<float> row)
    {
        var edition = history.Edition;
        var h = index.History;
        var first = t.FocusSectors.Length > 0 && t.FocusSectors[0] == e.SectorIndex;
        row[0] = first ? 1f : 0f;
        row[1] = !first && Array.IndexOf(t.FocusSectors, e.SectorIndex) >= 0 ? 1f : 0f;
        row[2] = t.FocusSectors.Length;
        row[3] = e.IsFortune500 ? 1f : 0f;
        row[4] = (float)Math.Log(Math.Max(e.BoothAreaSqm, 1.0) / 36.0);
        row[5] = e.MeetingCapacity;
        row[6] = h.CompanyExhibitedBefore(e.CompanyId, edition) ? 1f : 0f;
        row[7] = h.TeamMetCompanyBefore(t.Id, e.CompanyId, edition) ? 1f : 0f;
        row[8] = h.TeamSignedWithCompanyBefore(t.Id, e.CompanyId, edition) ? 1f : 0f;
        row[9] = e.SpeaksChinese ? 1f : 0f;
    }

    /// <summary>The rule-based baseline for teams: first focus 1, other focus ½.</summary>
    public static float Baseline(in TeamRow t, in ExhibitorRow e) =>
        t.FocusSectors.Length > 0 && t.FocusSectors[0] == e.SectorIndex ? 1f : Array.IndexOf(t.FocusSectors, e.SectorIndex) >= 0 ? 0.5f : 0f;
}
