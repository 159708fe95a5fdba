namespace Crm.Web.Features.Imports;

/// <summary>The marker type of the import page's strings: ImportsText.resx (English) and ImportsText.zh-CN.resx.</summary>
public sealed class ImportsText;
