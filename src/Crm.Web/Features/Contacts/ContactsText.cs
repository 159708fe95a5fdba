namespace Crm.Web.Features.Contacts;

/// <summary>The marker type of the contacts' strings: ContactsText.resx (English) and ContactsText.zh-CN.resx.</summary>
public sealed class ContactsText;
