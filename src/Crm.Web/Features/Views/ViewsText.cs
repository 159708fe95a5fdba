namespace Crm.Web.Features.Views;

/// <summary>The marker type of the saved views' strings: ViewsText.resx (English) and ViewsText.zh-CN.resx.</summary>
public sealed class ViewsText;
