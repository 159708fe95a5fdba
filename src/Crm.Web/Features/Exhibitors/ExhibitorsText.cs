namespace Crm.Web.Features.Exhibitors;

/// <summary>The marker type of the exhibitor list's strings: ExhibitorsText.resx (English) and ExhibitorsText.zh-CN.resx.</summary>
public sealed class ExhibitorsText;
