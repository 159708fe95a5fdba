
using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Crm.Data.Csv.Kinds;

/// <summary>
/// The issue list (问题清单): issues raised by an exhibitor or a buyer of an edition. The company must take part in the
/// edition on the side it raised the issue from; a resolved or closed issue carries its resolution and when it was resolved.
/// </summary>
public sealed class ServiceIssuesKind : CsvKind<ServiceIssuesKind.Row, ServiceIssue>
{
    public sealed record Row(string Code, int EditionId, int CompanyId, ServiceIssueParty RaisedAs, ServiceIssueCategory Category,
        ServiceIssueSeverity Severity, string Title, string? Description, string? OwnerUserId, ServiceIssueStatus Status, string? Resolution,
        DateTime RaisedAt, DateTime? ResolvedAt);

    public override string Name => "service-issues";

    public override IReadOnlyList<CsvColumn> Columns { get; } =
    [
        new("code", true), new("edition", true), new("company", true), new("raised_as", true), new("category", true), new("severity", true),
        new("title", true), new("description"), new("owner"), new("status", true), new("resolution"), new("raised_at", true), new("resolved_at"),
    ];

    protected override async Task LoadAsync(CrmDbContext db, ImportLookups lookups, CancellationToken ct)
    {
        await lookups.LoadEditionsAsync(db, ct);
        await lookups.LoadCompaniesAsync(db, ct);
        await lookups.LoadExhibitorsAsync(db, ct);
        await lookups.LoadBuyersAsync(db, ct);
        await lookups.LoadUsersAsync(db, ct);
    }

    protected override Row? Read(CsvRow row, ImportLookups lookups)
    {
        var code = row.RequiredText("code", 32);
        var edition = lookups.Edition(row);
        var companyCode = row.Text("company", 32, required: true);
        var company = lookups.Id(row, "company", companyCode, companyCode ?? "", lookups.Companies, "company");
        var raisedAs = row.Enum<ServiceIssueParty>("raised_as", required: true);
        if (company is not null && edition is not null && raisedAs is { } party)
        {
            var number = lookups.NumberOf(edition.Value);
            var participations = party == ServiceIssueParty.Exhibitor ? lookups.Exhibitors : lookups.Buyers;
            if (!participations.ContainsKey(ImportLookups.EditionKey(number, companyCode!)))
            {
                row.Error("company", ImportText.Get("NotParticipant", companyCode, ImportText.Get("Party." + party), number));
            }
        }
        var category = row.Enum<ServiceIssueCategory>("category", required: true);
        var severity = row.Enum<ServiceIssueSeverity>("severity", required: true);
        var title = row.RequiredText("title", 200);
        var description = row.Text("description", 4000);
        var owner = Owner(row, lookups);
        var status = row.Enum<ServiceIssueStatus>("status", required: true);
        var resolution = row.Text("resolution", 4000);
        var raisedAt = row.DateTime("raised_at", required: true);
        var resolvedAt = row.DateTime("resolved_at");

        if (status is { } resolved && !resolved.IsOpen())
        {
            // A value that is there but refused (too long, not a date) has its own error already.
            if (row.Raw("resolution") is null)
            {
                row.Error("resolution", ImportText.Get("StatusNeeds", status, "resolution"));
            }
            if (row.Raw("resolved_at") is null)
            {
                row.Error("resolved_at", ImportText.Get("StatusNeeds", status, "resolved_at"));
            }
        }
        else if (status is not null && row.Raw("resolved_at") is not null)
        {
            row.Error("resolved_at", ImportText.Get("NotResolvedYet", status));
        }
        if (raisedAt is not null && resolvedAt is not null && resolvedAt < raisedAt)
        {
            row.Error("resolved_at", ImportText.Get("DatesOutOfOrder", "resolved_at", "raised_at"));
        }

        return row.IsValid
            ? new Row(code, edition!.Value, company!.Value, raisedAs!.Value, category!.Value, severity!.Value, title, description, owner,
                status!.Value, resolution, ExpoClock.ToUtc(raisedAt!.Value), resolvedAt is { } resolvedLocal ? ExpoClock.ToUtc(resolvedLocal) : null)
            : null;
    }

    /// <summary>The owner's user id: an existing user who may change records (a read-only viewer cannot work on an issue).</summary>
    private static string? Owner(CsvRow row, ImportLookups lookups)
    {
        var userName = row.Text("owner", 256);
        if (userName is null)
        {
            return null;
        }
        if (!lookups.Users.TryGetValue(userName, out var user))
        {
            row.Error("owner", ImportText.Get("UnknownUser", userName));
            return null;
        }
        if (!user.Writes)
        {
            row.Error("owner", ImportText.Get("OwnerReadOnly", userName));
            return null;
        }
        return user.Id;
    }

    protected override string KeyOf(Row row) => row.Code;

    protected override async Task<Dictionary<string, ServiceIssue>> FindExistingAsync(CrmDbContext db, IReadOnlyList<Row> chunk, CancellationToken ct)
    {
        var codes = chunk.Select(r => r.Code).ToList();
        return await db.ServiceIssues.Where(e => codes.Contains(e.Code)).ToDictionaryAsync(e => e.Code, StringComparer.OrdinalIgnoreCase, ct);
    }

    protected override void Assign(ServiceIssue e, Row r, ImportLookups lookups, bool isNew)
    {
        e.Code = r.Code;
        e.EditionId = r.EditionId;
        e.CompanyId = r.CompanyId;
        e.RaisedAs = r.RaisedAs;
        e.Category = r.Category;
        e.Severity = r.Severity;
        e.Title = r.Title;
        e.Description = r.Description;
        e.OwnerUserId = r.OwnerUserId;
        e.Status = r.Status;
        e.Resolution = r.Resolution;
        e.RaisedAt = r.RaisedAt;
        e.ResolvedAt = r.ResolvedAt;
    }

    public override Task ExportAsync(CrmDbContext db, CsvRecordWriter csv, CancellationToken ct) =>
        CsvFormat.WriteAsync(csv, Columns, db.ServiceIssues.AsNoTracking().OrderBy(i => i.Code)
                .Select(i => new
                {
                    i.Code, i.Edition!.Number, Company = i.Company!.Code, i.RaisedAs, i.Category, i.Severity, i.Title, i.Description,
                    Owner = i.Owner!.UserName, i.Status, i.Resolution, i.RaisedAt, i.ResolvedAt,
                }).AsAsyncEnumerable(),
            i =>
            [
                i.Code, CsvFormat.Number(i.Number), i.Company, i.RaisedAs.ToString(), i.Category.ToString(), i.Severity.ToString(), i.Title,
                i.Description, i.Owner, i.Status.ToString(), i.Resolution, CsvFormat.DateTime(ExpoClock.ToShanghai(i.RaisedAt)),
                i.ResolvedAt is { } resolved ? CsvFormat.DateTime(ExpoClock.ToShanghai(resolved)) : null,
            ], ct);
}
