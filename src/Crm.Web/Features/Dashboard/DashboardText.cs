namespace Crm.Web.Features.Dashboard;

/// <summary>The marker type of the dashboard's strings: DashboardText.resx (English) and DashboardText.zh-CN.resx.</summary>
public sealed class DashboardText;
