using Crm.Data;
using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Web.Features.Pipeline;

/// <summary>
/// Settings of the pipeline's expected value, section <c>Pipeline</c>. <c>Pipeline:StageProbabilities:Investment.Met</c>
/// = 0.12 (and so on, per kind and stage) overrides the probability learned from the data.
/// </summary>
public sealed class PipelineOptions
{
    public const string Section = "Pipeline";

    public Dictionary<string, double> StageProbabilities { get; set; } = [];

    /// <summary>An open deal nobody changed for this long is stale: the board marks it.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long learned probabilities are kept before they are counted again (past editions rarely change).</summary>
    public TimeSpan RelearnAfter { get; set; } = TimeSpan.FromHours(6);
}

/// <summary>
/// The chance that a deal at a stage is won (investment: the project lands; procurement: the contract is signed), by kind
/// and stage: learned from the editions whose year of follow-up is over (every past edition but the latest), as the share
/// of the deals that reached the stage (in their history or where they stand) that went on to win. Won stages are 1,
/// Lost is 0; settings override any of them. Expected value = probability × the deal's value (contracted, else intended).
/// Counted across all deals, whoever asks (conversion rates are not anyone's records), and kept for a while.
/// </summary>
public sealed class StageProbabilities(SystemContextFactory contexts, IOptions<PipelineOptions> options, TimeProvider clock)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>What was learned and when: one reference, read without the gate and replaced whole.</summary>
    private sealed record Learned(DateTime At, IReadOnlyDictionary<(MatchKind, DealStage), double> Table);

    private volatile Learned? _learned;

    /// <summary>The stage that counts as won: where the value becomes real.</summary>
    public static DealStage Won(MatchKind kind) => kind == MatchKind.Investment ? DealStage.Landed : DealStage.ContractSigned;

    public static string Key(MatchKind kind, DealStage stage) => $"{kind}.{stage}";

    public async Task<IReadOnlyDictionary<(MatchKind Kind, DealStage Stage), double>> GetAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (_learned is { } cached && now - cached.At < options.Value.RelearnAfter)
        {
            return cached.Table;
        }
        await _gate.WaitAsync(ct);
        try
        {
            if (_learned is not { } fresh || now - fresh.At >= options.Value.RelearnAfter)
            {
                _learned = fresh = new Learned(now, await LearnAsync(ct));
            }
            return fresh.Table;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<IReadOnlyDictionary<(MatchKind, DealStage), double>> LearnAsync(CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var editions = await db.Editions.Select(e => new { e.Number, e.Status }).ToListAsync(ct);
        var current = editions.FirstOrDefault(e => e.Status == EditionStatus.Current)?.Number ?? (editions.Count == 0 ? 1 : editions.Max(e => e.Number) + 1);
        // Past editions whose year of follow-up is over: all but the one just before the current.
        var settled = db.Deals.AsNoTracking().Where(d => d.Edition!.Number < current - 1);
        var deals = await settled.Select(d => new { d.Id, d.Kind, d.Stage }).ToListAsync(ct);
        var history = (await settled.SelectMany(d => d.StageChanges.Select(c => new { c.DealId, c.ToStage })).ToListAsync(ct))
            .ToLookup(c => c.DealId, c => c.ToStage);

        var table = new Dictionary<(MatchKind, DealStage), double>();
        foreach (var kind in Enum.GetValues<MatchKind>())
        {
            var track = DealStages.Track(kind);
            var won = Won(kind);
            var beyond = track.SkipWhile(s => s != won).ToHashSet();
            var reached = deals.Where(d => d.Kind == kind).Select(d => history[d.Id].Append(d.Stage).ToHashSet()).ToList();
            foreach (var stage in track.Where(s => !beyond.Contains(s)).Append(DealStage.Stalled))
            {
                var atStage = reached.Where(r => r.Contains(stage)).ToList();
                table[(kind, stage)] = atStage.Count == 0 ? 0 : (double)atStage.Count(r => r.Overlaps(beyond)) / atStage.Count;
            }
            foreach (var stage in beyond)
            {
                table[(kind, stage)] = 1;
            }
            table[(kind, DealStage.Lost)] = 0;
        }
        foreach (var (key, probability) in options.Value.StageProbabilities)
        {
            var parts = key.Split('.');
            if (parts.Length == 2 && Enum.TryParse<MatchKind>(parts[0], out var kind) && Enum.TryParse<DealStage>(parts[1], out var stage))
            {
                table[(kind, stage)] = Math.Clamp(probability, 0, 1);
            }
        }
        return table;
    }

    /// <summary>The deal's expected value in US$: probability × (contracted value, else intended value); null without a value.</summary>
    public static decimal? ExpectedValue(IReadOnlyDictionary<(MatchKind Kind, DealStage Stage), double> table, MatchKind kind, DealStage stage,
        decimal? contractValueUsd, decimal? intendedValueUsd) =>
        (contractValueUsd ?? intendedValueUsd) is { } value ? Math.Round(value * (decimal)table.GetValueOrDefault((kind, stage)), 2) : null;
}
