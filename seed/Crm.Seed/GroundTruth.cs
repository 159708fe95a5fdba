namespace Crm.Seed;

/// <summary>
/// The hidden "true" attractiveness of a pair, from which the outcomes of past editions (meetings, intents, contracts,
/// landed projects) are drawn with noise. A learning-to-rank model over the documented features can recover most of it;
/// the rule "weighted category overlap" recovers only its first term. Written out in docs/seed.md.
/// <para>
/// Procurement (buyer b ↔ exhibitor e of the same edition), with W = b's wanted categories and E = e's categories:
/// <code>
/// U(b, e) = 2.0 · |W∩E| / |W|                                 weighted category overlap
///         + 0.8 · |W∩E| / |W∪E|                               Jaccard
///         + 0.4 · |W \ E in e's area| / |W|                   near categories (same exhibition area)
///         + 0.5 · [sector(b) = sector(e)]
///         + 1.2 · exp(−(ln(budget_b / typical_e) − ln 2)² / 2)  budget fit, peaked in the log-ratio
///         + F500(e) · (+0.7 if budget_b ≥ 5 M$, −0.6 if budget_b &lt; 1 M$, else 0)      Fortune 500 × budget
///         + 1.0 · [b and e met in an earlier edition]
///         + 0.8 · [b and e signed an intent in an earlier edition]
///         + 0.4 · [b signed with a company of e's country in an earlier edition]
///         + 0.7 · [e's country's region is one b's delegation favours]                province–region affinity
///         + 0.4 · [e's country does business in Chinese]                              language affinity
///         + 0.5 · [b's delegation signed with e's company in an earlier edition]       delegation history
///         + 0.25 · clamp(ln(booth_e / 36), −1, 2)                                       booth size
/// typical_e = area base (FOOD 0.8, CONSUMER 0.6, TECH 3, AUTO 4, MEDICAL 2, SERVICES 1.5 M$) · sqrt(booth_e / 36) · (2.5 if F500)
/// </code>
/// Capacity saturation is in the draw, not in U: an exhibitor with load L of capacity C accepts a further request
/// with probability 1 − (L/C)², and never beyond C.
/// </para>
/// <para>
/// Investment (promotion team t ↔ exhibitor e interested in investing, sector(e) in t's focus):
/// <code>
/// V(t, e) = 1.0 · [sector(e) = t's first focus] + 0.5 · [sector(e) in t's other focus]
///         + 0.8 · F500(e) + 0.3 · clamp(ln(booth_e / 36), −1, 2)
///         + 0.8 · [t met e's company in an earlier edition] + 0.3 · [e returning exhibitor]
/// </code>
/// </para>
/// </summary>
public static class GroundTruth
{
    public const double WeightedOverlapWeight = 2.0;
    public const double JaccardWeight = 0.8;
    public const double NearWeight = 0.4;
    public const double SectorWeight = 0.5;
    public const double BudgetFitWeight = 1.2;
    public const double BudgetFitPeakRatio = 2.0;
    public const double Fortune500BigBudgetBonus = 0.7;
    public const double Fortune500SmallBudgetPenalty = 0.6;
    public const double PairMetWeight = 1.0;
    public const double PairSignedWeight = 0.8;
    public const double SimilarPartnerWeight = 0.4;
    public const double RegionAffinityWeight = 0.7;
    public const double LanguageWeight = 0.4;
    public const double DelegationHistoryWeight = 0.5;
    public const double BoothWeight = 0.25;

    /// <summary>Temperature of the soft-max with which a buyer's meeting requests are drawn from its candidates.</summary>
    public const double MeetingTemperature = 0.6;
    /// <summary>Standard deviation of the noise added to U before the outcome (intent, contract) is decided.</summary>
    public const double OutcomeNoise = 0.8;

    /// <summary>The typical deal size (US$) of an exhibitor, from its area, booth and Fortune 500 flag.</summary>
    public static double TypicalDealUsd(SeedExhibitor e)
    {
        var areaBase = e.AreaCode switch
        {
            "FOOD" => 0.8e6,
            "CONSUMER" => 0.6e6,
            "TECH" => 3e6,
            "AUTO" => 4e6,
            "MEDICAL" => 2e6,
            _ => 1.5e6,
        };
        return areaBase * Math.Sqrt((double)e.BoothAreaSqm / 36.0) * (e.Company.IsFortune500 ? 2.5 : 1.0);
    }

    /// <summary>Fraction of the buyer's wanted categories the exhibitor shows (the rule-based baseline).</summary>
    public static double WeightedOverlap(ulong wanted, ulong shown) =>
        (double)ulong.PopCount(wanted & shown) / Math.Max(1, ulong.PopCount(wanted));

    public static double Jaccard(ulong wanted, ulong shown) =>
        (double)ulong.PopCount(wanted & shown) / Math.Max(1, ulong.PopCount(wanted | shown));

    public static double BudgetFit(double budgetUsd, double typicalUsd)
    {
        var x = Math.Log(budgetUsd / typicalUsd) - Math.Log(BudgetFitPeakRatio);
        return Math.Exp(-x * x / 2.0);
    }

    private static double BoothTerm(decimal boothAreaSqm) => Math.Clamp(Math.Log((double)boothAreaSqm / 36.0), -1.0, 2.0);

    /// <summary>U(b, e): the noise-free utility of a procurement pair (see the class summary).</summary>
    /// <param name="areaMask">Bit mask of the categories in the exhibitor's exhibition area.</param>
    public static double ProcurementUtility(SeedData data, SeedBuyer b, SeedExhibitor e, ulong areaMask)
    {
        var wanted = b.WantedMask;
        var shown = e.CategoryMask;
        var wantedCount = Math.Max(1, ulong.PopCount(wanted));
        var u = WeightedOverlapWeight * WeightedOverlap(wanted, shown)
            + JaccardWeight * Jaccard(wanted, shown)
            + NearWeight * ulong.PopCount(wanted & ~shown & areaMask) / wantedCount;
        if (b.SectorCode == e.Company.SectorCode)
        {
            u += SectorWeight;
        }
        var budget = (double)b.BudgetUsd;
        u += BudgetFitWeight * BudgetFit(budget, TypicalDealUsd(e));
        if (e.Company.IsFortune500)
        {
            u += budget >= 5e6 ? Fortune500BigBudgetBonus : budget < 1e6 ? -Fortune500SmallBudgetPenalty : 0.0;
        }
        var history = data.History;
        if (history.PairMetBefore(b, e))
        {
            u += PairMetWeight;
        }
        if (history.PairSignedBefore(b, e))
        {
            u += PairSignedWeight;
        }
        if (history.BuyerSignedWithCountryBefore(b, e))
        {
            u += SimilarPartnerWeight;
        }
        if (b.TopDelegation.Source.AffinityRegions.Contains(e.Company.Country.Region))
        {
            u += RegionAffinityWeight;
        }
        if (e.Company.Country.Language == "zh")
        {
            u += LanguageWeight;
        }
        if (history.DelegationSignedWithCompanyBefore(b, e))
        {
            u += DelegationHistoryWeight;
        }
        u += BoothWeight * BoothTerm(e.BoothAreaSqm);
        return u;
    }

    /// <summary>V(t, e): the noise-free attractiveness of an investment lead for a promotion team.</summary>
    public static double InvestmentUtility(SeedData data, SeedTeam t, SeedExhibitor e)
    {
        var sector = e.Company.SectorCode;
        var v = t.FocusSectors.Count > 0 && t.FocusSectors[0] == sector ? 1.0 : t.FocusSectors.Contains(sector) ? 0.5 : 0.0;
        if (e.Company.IsFortune500)
        {
            v += 0.8;
        }
        v += 0.3 * BoothTerm(e.BoothAreaSqm);
        if (data.History.TeamMetCompanyBefore(t, e))
        {
            v += 0.8;
        }
        if (e.Returning)
        {
            v += 0.3;
        }
        return v;
    }
}
