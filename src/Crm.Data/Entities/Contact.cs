namespace Crm.Data.Entities;

/// <summary>
/// A person at a company the CRM works with (联系人): the general manager, the China representative, the procurement
/// manager. One of a company's contacts may be its primary contact, the one people call first.
/// </summary>
public class Contact : IVersioned
{
    public int Id { get; set; }
    /// <summary>Stable external key used by imports and exports (e.g. "P000123"); unique.</summary>
    public string Code { get; set; } = "";
    public int CompanyId { get; set; }
    public Company? Company { get; set; }
    /// <summary>The name as the person writes it (Latin letters for most foreign contacts).</summary>
    public string Name { get; set; } = "";
    /// <summary>The Chinese name, when the person has one.</summary>
    public string? NameZh { get; set; }
    public string? JobTitle { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public bool IsPrimary { get; set; }
    public string? Notes { get; set; }
    public DateTime CreatedAt { get; set; }
    public long Version { get; set; }

    public const int NameMaxLength = 200;
    public const int JobTitleMaxLength = 200;
    public const int EmailMaxLength = 256;
    public const int PhoneMaxLength = 64;
    public const int NotesMaxLength = 2000;

    /// <summary>The one test of an e-mail address, shared by the forms and the import: one address, nothing around it.</summary>
    public static bool IsEmail(string value) =>
        System.Net.Mail.MailAddress.TryCreate(value, out var address) && address.Address == value && address.Host.Contains('.');
}
