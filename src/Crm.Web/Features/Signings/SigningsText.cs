namespace Crm.Web.Features.Signings;

/// <summary>The marker type of the signing events' strings: SigningsText.resx (English) and SigningsText.zh-CN.resx.</summary>
public sealed class SigningsText;
