namespace Crm.Web.Features.Delegations;

/// <summary>The marker type of the delegation pages' strings: DelegationsText.resx (English) and DelegationsText.zh-CN.resx.</summary>
public sealed class DelegationsText;
