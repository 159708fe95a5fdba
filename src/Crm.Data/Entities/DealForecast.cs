namespace Crm.Data.Entities;

/// <summary>
/// A signed intent's realisation forecast, as the active realisation model last made it: the probability that the value
/// becomes real (contract signed, project landed) within the model's horizon, the expected value that implies, when, and
/// the main reasons. Recomputed when the deal changes and once a day (a forecast ages with the deal).
/// </summary>
public class DealForecast
{
    public int DealId { get; set; }
    public Deal? Deal { get; set; }
    /// <summary>The realisation model that made it, e.g. "forecast-procurement-2".</summary>
    public string ModelVersion { get; set; } = "";
    public double Probability { get; set; }
    /// <summary>The forecast 90 days later if nothing happens meanwhile: how the chance falls while the deal goes stale.</summary>
    public double? ProbabilityIfIdle { get; set; }
    /// <summary>Probability × the deal's value (contracted, else intended), in US$.</summary>
    public decimal? ExpectedValueUsd { get; set; }
    /// <summary>By when half of similar realised deals had become real.</summary>
    public DateOnly? LikelyBy { get; set; }
    /// <summary>The strongest reasons as JSON: feature, value, contribution in log-odds.</summary>
    public string Reasons { get; set; } = "[]";
    /// <summary>The day the forecast describes (the deal's age is counted to it).</summary>
    public DateOnly ForecastOn { get; set; }
    public DateTime ComputedAt { get; set; }
}
