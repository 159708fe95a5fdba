using System.Data.Common;
using System.Text.Json;
using Crm.Data;
using Crm.Data.Auditing;
using Crm.Data.Entities;
using Crm.Matching;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Crm.Web.Features.Matching;

/// <summary>
/// Writes a scoring run's proposals as <see cref="Match"/> rows, in one transaction: the proposals nobody has acted on
/// yet (both decisions still Proposed, no meeting or deal) are replaced; pairs someone accepted, declined or booked
/// keep their row. One audit entry describes the run.
/// </summary>
public static class ProposalWriter
{
    public sealed record Written(int Deleted, int Inserted, int Kept);

    /// <param name="counterpartIds">Only these buyers (or teams) were scored; null when the whole edition was.</param>
    public static async Task<Written> WriteAsync(CrmDbContext db, int editionId, MatchKind kind, string modelVersion,
        IReadOnlyList<Proposal> proposals, IReadOnlyCollection<int>? counterpartIds, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var previousAuditRows = db.AuditRows;
        db.AuditRows = false;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var scope = db.Matches.Where(m => m.EditionId == editionId && m.Kind == kind);
            if (counterpartIds is not null)
            {
                var ids = counterpartIds.ToList();
                scope = kind == MatchKind.Procurement
                    ? scope.Where(m => ids.Contains(m.BuyerId!.Value))
                    : scope.Where(m => ids.Contains(m.PromotionTeamId!.Value));
            }
            var untouched = scope.Where(m => m.ExhibitorDecision == MatchDecision.Proposed && m.CounterpartDecision == MatchDecision.Proposed
                && !db.Meetings.Any(x => x.MatchId == m.Id) && !db.Deals.Any(x => x.MatchId == m.Id));
            var deleted = await untouched.ExecuteDeleteAsync(cancellationToken);
            var kept = await scope.Select(m => new { m.ExhibitorId, Counterpart = m.BuyerId ?? m.PromotionTeamId ?? 0 })
                .ToListAsync(cancellationToken);
            var keptPairs = kept.Select(k => (k.Counterpart, k.ExhibitorId)).ToHashSet();
            var fresh = proposals.Where(p => !keptPairs.Contains((p.CounterpartId, p.ExhibitorId))).ToList();
            await InsertAsync(db, editionId, kind, modelVersion, fresh, cancellationToken);

            db.AuditEntries.Add(new AuditEntry
            {
                At = DateTime.UtcNow,
                UserId = AuditScope.Current?.UserId,
                UserName = AuditScope.Current?.UserName,
                Operation = AuditScope.Current?.Operation ?? "ScoreEdition",
                EntityType = nameof(Match),
                EntityKey = $"{editionId}/{kind}",
                Action = AuditAction.Scored,
                Changes = JsonSerializer.Serialize(new
                {
                    model = modelVersion,
                    counterparts = counterpartIds?.Count,
                    replaced = deleted,
                    inserted = fresh.Count,
                    kept = kept.Count,
                }),
            });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new Written(deleted, fresh.Count, kept.Count);
        }
        finally
        {
            db.AuditRows = previousAuditRows;
        }
    }

    /// <summary>
    /// Hundreds of thousands of rows: one prepared INSERT reused for every row inside the transaction, which is many times
    /// faster than tracking entities, on SQLite and SQL Server alike.
    /// </summary>
    private static async Task InsertAsync(CrmDbContext db, int editionId, MatchKind kind, string modelVersion,
        IReadOnlyList<Proposal> proposals, CancellationToken cancellationToken)
    {
        if (proposals.Count == 0)
        {
            return;
        }
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        var counterpartColumn = kind == MatchKind.Procurement ? "BuyerId" : "PromotionTeamId";
        command.CommandText =
            $"INSERT INTO \"Matches\" (\"EditionId\", \"Kind\", \"ExhibitorId\", \"{counterpartColumn}\", \"Score\", \"Rank\", \"ModelVersion\", " +
            "\"Explanation\", \"ExhibitorDecision\", \"CounterpartDecision\", \"CreatedAt\") " +
            "VALUES (@edition, @kind, @exhibitor, @counterpart, @score, @rank, @model, @explanation, @proposed, @proposed, @created)";
        var now = DateTime.UtcNow;
        Add(command, "@edition", editionId);
        Add(command, "@kind", kind.ToString());
        var exhibitor = Add(command, "@exhibitor", 0);
        var counterpart = Add(command, "@counterpart", 0);
        var score = Add(command, "@score", 0.0);
        var rank = Add(command, "@rank", 0);
        Add(command, "@model", modelVersion);
        var explanation = Add(command, "@explanation", "");
        Add(command, "@proposed", nameof(MatchDecision.Proposed));
        Add(command, "@created", now);
        await command.PrepareAsync(cancellationToken);
        foreach (var p in proposals)
        {
            cancellationToken.ThrowIfCancellationRequested();
            exhibitor.Value = p.ExhibitorId;
            counterpart.Value = p.CounterpartId;
            score.Value = (double)p.Score;
            rank.Value = p.Rank;
            explanation.Value = Explanations.Serialize(p.Reasons);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static DbParameter Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
