namespace Crm.Web.Features.Buyers;

/// <summary>The marker type of the buyer list's strings: BuyersText.resx (English) and BuyersText.zh-CN.resx.</summary>
public sealed class BuyersText;
