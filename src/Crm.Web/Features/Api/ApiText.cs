namespace Crm.Web.Features.Api;

/// <summary>The marker type of the HTTP API's and the API tokens' strings: ApiText.resx (English) and ApiText.zh-CN.resx.</summary>
public sealed class ApiText;
