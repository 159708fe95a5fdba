namespace Crm.Web.Features.Teams;

/// <summary>The marker type of the promotion team list's strings: TeamsText.resx (English) and TeamsText.zh-CN.resx.</summary>
public sealed class TeamsText;
