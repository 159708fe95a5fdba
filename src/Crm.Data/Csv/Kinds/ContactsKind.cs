using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Crm.Data.Csv.Kinds;

/// <summary>
/// The people at companies (联系人). A company has at most one primary contact: a row marked primary takes the flag from
/// the company's other contacts, and a file may not mark two primaries for one company.
/// </summary>
public sealed class ContactsKind : CsvKind<ContactsKind.Row, Contact>
{
    public sealed record Row(string Code, int CompanyId, string Name, string? NameZh, string? JobTitle, string? Email, string? Phone,
        bool IsPrimary, string? Notes);

    public override string Name => "contacts";

    public override IReadOnlyList<CsvColumn> Columns { get; } =
    [
        new("code", true), new("company", true), new("name", true), new("name_zh"), new("job_title"), new("email"), new("phone"),
        new("primary"), new("notes"),
    ];

    protected override Task LoadAsync(CrmDbContext db, ImportLookups lookups, CancellationToken ct) => lookups.LoadCompaniesAsync(db, ct);

    protected override Row? Read(CsvRow row, ImportLookups lookups)
    {
        var code = row.RequiredText("code", 32);
        var companyCode = row.Text("company", 32, required: true);
        var company = lookups.Id(row, "company", companyCode, companyCode ?? "", lookups.Companies, "company");
        var name = row.RequiredText("name", Contact.NameMaxLength);
        var nameZh = row.Text("name_zh", Contact.NameMaxLength);
        var jobTitle = row.Text("job_title", Contact.JobTitleMaxLength);
        var email = row.Text("email", Contact.EmailMaxLength);
        if (email is not null && !Contact.IsEmail(email))
        {
            row.Error("email", ImportText.Get("InvalidEmail", email));
        }
        var phone = row.Text("phone", Contact.PhoneMaxLength);
        var primary = row.Bool("primary") ?? false;
        var notes = row.Text("notes", Contact.NotesMaxLength);
        if (primary && company is { } id && row.IsValid && !lookups.PrimaryContactLines.TryAdd(id, row.Line))
        {
            row.Error("primary", ImportText.Get("SecondPrimary", lookups.PrimaryContactLines[id], companyCode));
        }
        return row.IsValid ? new Row(code, company!.Value, name, nameZh, jobTitle, email, phone, primary, notes) : null;
    }

    protected override string KeyOf(Row row) => row.Code;

    protected override async Task<Dictionary<string, Contact>> FindExistingAsync(CrmDbContext db, IReadOnlyList<Row> chunk, CancellationToken ct)
    {
        var codes = chunk.Select(r => r.Code).ToList();
        var existing = await db.Contacts.Where(e => codes.Contains(e.Code)).ToDictionaryAsync(e => e.Code, StringComparer.OrdinalIgnoreCase, ct);
        // The companies' present primaries that a row of this chunk replaces lose the flag in the same save.
        var newPrimaries = chunk.Where(r => r.IsPrimary).Select(r => r.CompanyId).ToList();
        if (newPrimaries.Count > 0)
        {
            var replaced = await db.Contacts.Where(c => c.IsPrimary && newPrimaries.Contains(c.CompanyId) && !codes.Contains(c.Code)).ToListAsync(ct);
            replaced.ForEach(c => c.IsPrimary = false);
        }
        return existing;
    }

    protected override void Assign(Contact e, Row r, ImportLookups lookups, bool isNew)
    {
        if (isNew)
        {
            e.Code = r.Code;
            e.CreatedAt = DateTime.UtcNow;
        }
        e.CompanyId = r.CompanyId;
        e.Name = r.Name;
        e.NameZh = r.NameZh;
        e.JobTitle = r.JobTitle;
        e.Email = r.Email;
        e.Phone = r.Phone;
        e.IsPrimary = r.IsPrimary;
        e.Notes = r.Notes;
    }

    public override Task ExportAsync(CrmDbContext db, CsvRecordWriter csv, CancellationToken ct) =>
        CsvFormat.WriteAsync(csv, Columns, db.Contacts.AsNoTracking().OrderBy(c => c.Code)
                .Select(c => new { c.Code, Company = c.Company!.Code, c.Name, c.NameZh, c.JobTitle, c.Email, c.Phone, c.IsPrimary, c.Notes })
                .AsAsyncEnumerable(),
            c => [c.Code, c.Company, c.Name, c.NameZh, c.JobTitle, c.Email, c.Phone, CsvFormat.Bool(c.IsPrimary), c.Notes], ct);
}
