using System.Text.Json;
using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Admin;

/// <summary>
/// The audit trail, newest first, a page at a time: who, when, through which operation, which record, what action, and
/// each changed property old → new. Filtered by user name, action, entity type, a date range and a text in the key.
/// Role and membership rows name the user and the role rather than their ids.
/// </summary>
[RequiresRole(Roles.Administrator)]
public static class ListAuditEntries
{
    public sealed record Query(
        string? UserName = null,
        AuditAction? Action = null,
        string? EntityType = null,
        DateOnly? From = null,
        DateOnly? To = null,
        string? KeyContains = null,
        int Skip = 0,
        int Take = 25) : IRequest<Page>;

    /// <param name="EntityTypes">Every entity type that can appear in the trail, for the filter.</param>
    public sealed record Page(int Total, IReadOnlyList<Row> Rows, IReadOnlyList<string> EntityTypes);

    public sealed record Row(
        long Id,
        DateTime At,
        string? UserName,
        string? Operation,
        string EntityType,
        string EntityKey,
        string? Record,
        AuditAction Action,
        IReadOnlyList<Change> Changes);

    /// <summary>One property, as text: null for "none" (a created record has no old value, a deleted one no new value).</summary>
    public sealed record Change(string Property, string? Old, string? New);

    public const int MaxTake = 200;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(IStringLocalizer<AdminText> text)
        {
            RuleFor(q => q.Skip).GreaterThanOrEqualTo(0).WithMessage(_ => text["PageOutOfRange"]);
            RuleFor(q => q.Take).InclusiveBetween(1, MaxTake).WithMessage(_ => text["PageOutOfRange"]);
            RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).When(q => q.From is not null && q.To is not null)
                .WithMessage(_ => text["DateRangeReversed"]);
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, Page>
    {
        public async Task<Page> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            // The context's access filter shows the trail to administrators only, whatever the request.
            var entries = db.AuditEntries.AsNoTracking();
            if (!string.IsNullOrWhiteSpace(request.UserName))
            {
                var pattern = "%" + Like.Escape(request.UserName.Trim()) + "%";
                entries = entries.Where(e => EF.Functions.Like(e.UserName!, pattern, Like.EscapeCharacter));
            }
            if (request.Action is { } action)
            {
                entries = entries.Where(e => e.Action == action);
            }
            if (!string.IsNullOrWhiteSpace(request.EntityType))
            {
                entries = entries.Where(e => e.EntityType == request.EntityType);
            }
            if (request.From is { } from)
            {
                var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
                entries = entries.Where(e => e.At >= start);
            }
            if (request.To is { } to)
            {
                var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
                entries = entries.Where(e => e.At < end);
            }
            if (!string.IsNullOrWhiteSpace(request.KeyContains))
            {
                var pattern = "%" + Like.Escape(request.KeyContains.Trim()) + "%";
                entries = entries.Where(e => EF.Functions.Like(e.EntityKey, pattern, Like.EscapeCharacter));
            }

            var total = await entries.CountAsync(cancellationToken);
            var rows = await entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
                .Skip(request.Skip).Take(request.Take).ToListAsync(cancellationToken);
            var userNames = await UserNamesAsync(db, rows, cancellationToken);

            return new Page(total, rows.Select(e => new Row(
                e.Id, DateTime.SpecifyKind(e.At, DateTimeKind.Utc), e.UserName, e.Operation, e.EntityType, e.EntityKey,
                RecordOf(e, userNames), e.Action, ChangesOf(e.Changes))).ToList(),
                [.. db.Model.GetEntityTypes().Where(t => !t.IsOwned()).Select(t => t.ClrType.Name).Append("Request").Distinct().Order(StringComparer.Ordinal)]);
        }

        /// <summary>The user names behind the keys of user, role and membership rows on this page.</summary>
        private static async Task<Dictionary<string, string>> UserNamesAsync(CrmDbContext db, List<AuditEntry> rows, CancellationToken ct)
        {
            var ids = rows.Where(e => IsAboutUser(e.EntityType)).SelectMany(e => e.EntityKey.Split('|')).Distinct().ToList();
            return ids.Count == 0
                ? []
                : await db.Users.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.UserName ?? u.Id, ct);
        }

        private static bool IsAboutUser(string entityType) =>
            entityType is nameof(AppUser) or nameof(PromotionTeamMember) or nameof(TradeDelegationLead) || entityType.StartsWith("IdentityUserRole", StringComparison.Ordinal);

        /// <summary>The record in words: "li.wei · Administrator" for a role row, "li.wei · 12" for a team membership.</summary>
        private static string? RecordOf(AuditEntry entry, Dictionary<string, string> userNames)
        {
            if (!IsAboutUser(entry.EntityType))
            {
                return null;
            }
            var parts = entry.EntityKey.Split('|').Select(p => userNames.GetValueOrDefault(p) ?? (p.StartsWith("role-", StringComparison.Ordinal) ? UserRules.RoleOf(p) : p));
            return string.Join(" · ", parts);
        }
    }

    /// <summary>The stored JSON (property → [old, new]) as rows; text that is not such JSON is shown whole.</summary>
    public static IReadOnlyList<Change> ChangesOf(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return [new Change("", null, json)];
            }
            return document.RootElement.EnumerateObject().Select(p => p.Value is { ValueKind: JsonValueKind.Array } pair && pair.GetArrayLength() == 2
                    ? new Change(p.Name, Text(pair[0]), Text(pair[1]))
                    : new Change(p.Name, null, Text(p.Value)))
                .ToList();
        }
        catch (JsonException)
        {
            return [new Change("", null, json)];
        }
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.GetString(),
        _ => value.GetRawText(),
    };
}
