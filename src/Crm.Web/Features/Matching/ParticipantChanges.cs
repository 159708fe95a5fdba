using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Crm.Data.Auditing;
using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Crm.Web.Features.Matching;

/// <summary>What kind of record changed in a way the matchmaking engine reads.</summary>
public enum ParticipantType { Buyer, Exhibitor, PromotionTeam, Company, Deal }

/// <summary>
/// One record whose matching inputs were saved (added, or modified in a property the engine reads), with the edition it
/// belongs to (buyers, exhibitors and deals; null for teams and companies) and who saved it. A deal changes for the
/// realisation forecast: its stage, dates or values, or an activity logged on it.
/// </summary>
public sealed record ParticipantChange(ParticipantType Type, int Id, int? EditionId, AuditActor? Actor);

/// <summary>
/// The changes committed to the database that may move proposals, in the order they were committed, for
/// <see cref="Rescoring"/> to gather. A singleton: every context of the process reports here.
/// </summary>
public sealed class ParticipantChanges
{
    private readonly Channel<ParticipantChange> _changes = Channel.CreateUnbounded<ParticipantChange>(new UnboundedChannelOptions { SingleReader = true });

    internal ChannelReader<ParticipantChange> Reader => _changes.Reader;

    public void Publish(IEnumerable<ParticipantChange> changes)
    {
        foreach (var change in changes)
        {
            _changes.Writer.TryWrite(change);
        }
    }
}

/// <summary>
/// Reports the buyers, exhibitors, promotion teams and companies a successful save added or changed in a property the
/// engine reads. Entries are noted before the save (their state is lost after it) and reported after it, once new rows
/// have their ids; a save inside a transaction is reported when the transaction commits, and forgotten when the save
/// fails or the transaction rolls back. Saves that touch only proposals, models, jobs or the audit trail report nothing,
/// so the proposal writer cannot set off another re-scoring.
/// </summary>
public sealed class ParticipantChangeInterceptor(ParticipantChanges changes) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    /// <summary>The properties each record's features are computed from (see MatchingDataLoader).</summary>
    private static readonly Dictionary<Type, (ParticipantType Type, HashSet<string> Properties)> Watched = new()
    {
        [typeof(Buyer)] = (ParticipantType.Buyer, [nameof(Buyer.EditionId), nameof(Buyer.CompanyId), nameof(Buyer.SectorCode),
            nameof(Buyer.WantedCategories), nameof(Buyer.BudgetUsd), nameof(Buyer.DelegationId)]),
        [typeof(Exhibitor)] = (ParticipantType.Exhibitor, [nameof(Exhibitor.EditionId), nameof(Exhibitor.CompanyId), nameof(Exhibitor.AreaCode),
            nameof(Exhibitor.BoothAreaSqm), nameof(Exhibitor.Categories), nameof(Exhibitor.InterestedInInvesting), nameof(Exhibitor.MeetingCapacity)]),
        [typeof(PromotionTeam)] = (ParticipantType.PromotionTeam, [nameof(PromotionTeam.FocusSectors)]),
        [typeof(Company)] = (ParticipantType.Company, [nameof(Company.CountryCode), nameof(Company.SectorCode), nameof(Company.IsFortune500)]),
        [typeof(Deal)] = (ParticipantType.Deal, [nameof(Deal.Stage), nameof(Deal.IntentSignedOn), nameof(Deal.ContractSignedOn), nameof(Deal.LandedOn),
            nameof(Deal.IntendedValueUsd), nameof(Deal.ContractValueUsd), nameof(Deal.SigningEventId), nameof(Deal.ExhibitorId), nameof(Deal.BuyerId),
            nameof(Deal.PromotionTeamId)]),
        [typeof(Activity)] = (ParticipantType.Deal, [nameof(Activity.DealId), nameof(Activity.CompletedAt)]),
    };

    /// <summary>Per context: entries noted by the save under way, and changes saved but waiting for their transaction.</summary>
    private readonly ConditionalWeakTable<DbContext, Pending> _pending = [];

    private sealed class Pending
    {
        public List<(EntityEntry Entry, ParticipantType Type, AuditActor? Actor)> Saving { get; } = [];
        public List<ParticipantChange> Uncommitted { get; } = [];
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context, saving: true);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context, saving: true);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Forget(eventData.Context, saving: true);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context, saving: true);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context, saving: false);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context, saving: false);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Forget(eventData.Context, saving: false);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context, saving: false);
        return Task.CompletedTask;
    }

    private void Note(DbContext? context)
    {
        if (context is null)
        {
            return;
        }
        List<(EntityEntry, ParticipantType, AuditActor?)>? noted = null;
        // CrmDbContext has detected the changes just before: the states here are current.
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified) || !Watched.TryGetValue(entry.Metadata.ClrType, out var watched))
            {
                continue;
            }
            if (entry.Entity is Activity { DealId: null })
            {
                continue;
            }
            if (entry.State == EntityState.Added || entry.Properties.Any(p => p.IsModified && watched.Properties.Contains(p.Metadata.Name)))
            {
                (noted ??= []).Add((entry, watched.Type, AuditScope.Current));
            }
        }
        if (noted is not null)
        {
            var pending = _pending.GetOrCreateValue(context);
            lock (pending)
            {
                pending.Saving.AddRange(noted);
            }
        }
    }

    private void Saved(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var pending))
        {
            return;
        }
        List<ParticipantChange> saved;
        lock (pending)
        {
            // After the save the entries carry the ids the database gave new rows.
            saved = pending.Saving.Select(s => Change(s.Entry, s.Type, s.Actor)).ToList();
            pending.Saving.Clear();
            if (context.Database.CurrentTransaction is not null)
            {
                pending.Uncommitted.AddRange(saved);
                return;
            }
        }
        changes.Publish(saved);
    }

    private void Committed(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var pending))
        {
            return;
        }
        List<ParticipantChange> committed;
        lock (pending)
        {
            committed = [.. pending.Uncommitted];
            pending.Uncommitted.Clear();
        }
        changes.Publish(committed);
    }

    private void Forget(DbContext? context, bool saving)
    {
        if (context is null || !_pending.TryGetValue(context, out var pending))
        {
            return;
        }
        lock (pending)
        {
            pending.Saving.Clear();
            if (!saving)
            {
                pending.Uncommitted.Clear();
            }
        }
    }

    private static ParticipantChange Change(EntityEntry entry, ParticipantType type, AuditActor? actor) => entry.Entity switch
    {
        Buyer b => new ParticipantChange(type, b.Id, b.EditionId, actor),
        Exhibitor e => new ParticipantChange(type, e.Id, e.EditionId, actor),
        PromotionTeam t => new ParticipantChange(type, t.Id, null, actor),
        Company c => new ParticipantChange(type, c.Id, null, actor),
        Deal d => new ParticipantChange(type, d.Id, d.EditionId, actor),
        Activity { DealId: { } deal } => new ParticipantChange(type, deal, null, actor),
        _ => throw new InvalidOperationException($"{entry.Metadata.ClrType.Name} is not watched."),
    };
}
