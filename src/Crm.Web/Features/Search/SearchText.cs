namespace Crm.Web.Features.Search;

/// <summary>The marker type of the search's strings: SearchText.resx (English) and SearchText.zh-CN.resx.</summary>
public sealed class SearchText;
