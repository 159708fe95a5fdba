namespace Crm.Web.Features.ServiceIssues;

/// <summary>The marker type of the service issue pages' strings: ServiceIssuesText.resx (English) and ServiceIssuesText.zh-CN.resx.</summary>
public sealed class ServiceIssuesText;
