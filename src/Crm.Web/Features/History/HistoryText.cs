namespace Crm.Web.Features.History;

/// <summary>The marker type of a record's history strings: HistoryText.resx (English) and HistoryText.zh-CN.resx.</summary>
public sealed class HistoryText;
